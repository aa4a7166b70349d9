using System.Globalization;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>
/// A parsed reference-manager expression such as <c>[cast(fp + (-3), felt*)]</c>, <c>cast([fp + (-4)] + 2, felt*)</c>
/// or <c>cast(ap + (-1), felt)</c>. Grammar (what cairo-compile emits):
/// <code>
///   expr   := sum
///   sum    := prod (('+' | '-') prod)*
///   prod   := unary ('*' unary)*
///   unary  := '-' unary | atom
///   atom   := 'ap' | 'fp' | INT | '(' expr ')' | '[' expr ']' | 'cast(' expr ',' TYPE ')'
/// </code>
/// </summary>
public sealed class ReferenceExpression
{
    private abstract record Node;
    private sealed record Reg(bool IsAp) : Node;
    private sealed record Num(System.Numerics.BigInteger Value) : Node;
    private sealed record Deref(Node Inner) : Node;
    private sealed record Bin(Node Left, Node Right, bool Minus) : Node;
    private sealed record Mul(Node Left, Node Right) : Node;
    private sealed record Negate(Node Inner) : Node;
    private sealed record Cast(Node Inner, string Type) : Node;

    private readonly Node _root;

    private ReferenceExpression(Node root, string type)
    {
        _root = root;
        Type = type;
    }

    /// <summary>The Cairo type of the reference's value (<c>felt</c>, <c>felt*</c>, <c>a.b.Struct*</c>, ...).</summary>
    public string Type { get; }

    /// <summary>True when the value is a memory cell (the expression is <c>[...]</c>), so it has an address.</summary>
    public bool IsDeref => Unwrap(_root) is Deref;

    /// <summary>Parses <paramref name="text"/>.</summary>
    public static ReferenceExpression Parse(string text)
    {
        var p = new Parser(text);
        Node n = p.ParseExpr();
        p.SkipWs();
        if (p.Pos != text.Length) throw new CairoException(CairoErrorKind.HintFailed, $"cannot parse reference '{text}' at {p.Pos}");
        string type = "felt";
        Node u = n;
        if (u is Deref d && Unwrap(d.Inner) is var inner && FindCastType(d.Inner) is string t && t.EndsWith('*')) type = t[..^1];
        else if (FindCastType(u) is string t2) type = t2;
        return new ReferenceExpression(n, type);
    }

    private static string? FindCastType(Node n) => n is Cast c ? c.Type : null;

    private static Node Unwrap(Node n) => n is Cast c ? Unwrap(c.Inner) : n;

    /// <summary>The value of the reference with registers <paramref name="ap"/> (already corrected for ap tracking) and <paramref name="fp"/>.</summary>
    public MaybeRelocatable Evaluate(Memory memory, long ap, long fp) => Eval(_root, memory, ap, fp);

    /// <summary>The address of the referenced cell (for <c>[...]</c> references).</summary>
    public Relocatable Address(Memory memory, long ap, long fp)
    {
        if (Unwrap(_root) is not Deref d) throw new CairoException(CairoErrorKind.HintFailed, "the reference is not a memory cell");
        MaybeRelocatable a = Eval(d.Inner, memory, ap, fp);
        if (!a.IsRelocatable) throw new CairoException(CairoErrorKind.HintFailed, $"the reference's address {a} is not an address");
        return a.Relocatable;
    }

    /// <summary>True when the expression reads ap (so it needs ap tracking).</summary>
    public bool UsesAp => UsesApNode(_root);

    private static bool UsesApNode(Node n) => n switch
    {
        Reg r => r.IsAp,
        Deref d => UsesApNode(d.Inner),
        Bin b => UsesApNode(b.Left) || UsesApNode(b.Right),
        Mul m => UsesApNode(m.Left) || UsesApNode(m.Right),
        Negate g => UsesApNode(g.Inner),
        Cast c => UsesApNode(c.Inner),
        _ => false,
    };

    private static MaybeRelocatable Eval(Node n, Memory memory, long ap, long fp)
    {
        switch (n)
        {
            case Reg r:
                return MaybeRelocatable.FromRelocatable(RunContext.ExecutionSegment, r.IsAp ? ap : fp);
            case Num k:
                return MaybeRelocatable.FromFelt(Felt.FromBigInteger(((k.Value % Felt.Modulus) + Felt.Modulus) % Felt.Modulus));
            case Deref d:
            {
                MaybeRelocatable a = Eval(d.Inner, memory, ap, fp);
                if (!a.IsRelocatable) throw new CairoException(CairoErrorKind.HintFailed, $"dereference of {a}, which is not an address");
                MaybeRelocatable v = memory.Get(a.Relocatable);
                if (v.IsEmpty) throw new CairoException(CairoErrorKind.HintFailed, $"reference reads the unknown cell {a}");
                return v;
            }
            case Bin b:
            {
                MaybeRelocatable l = Eval(b.Left, memory, ap, fp), r = Eval(b.Right, memory, ap, fp);
                return b.Minus ? VirtualMachine.Sub(l, r, default) : VirtualMachine.AddSlow(l, r, default);
            }
            case Mul mul:
            {
                MaybeRelocatable l = Eval(mul.Left, memory, ap, fp), r = Eval(mul.Right, memory, ap, fp);
                if (!l.IsFelt || !r.IsFelt) throw new CairoException(CairoErrorKind.HintFailed, $"multiplication of {l} by {r}: both must be felts");
                return MaybeRelocatable.FromFelt(l.Felt * r.Felt);
            }
            case Negate g:
            {
                MaybeRelocatable v = Eval(g.Inner, memory, ap, fp);
                if (!v.IsFelt) throw new CairoException(CairoErrorKind.HintFailed, "negation of an address");
                return MaybeRelocatable.FromFelt(Felt.Neg(v.Felt));
            }
            case Cast c:
                return Eval(c.Inner, memory, ap, fp);
        }
        throw new InvalidOperationException();
    }

    private sealed class Parser(string s)
    {
        public int Pos;

        public void SkipWs()
        {
            while (Pos < s.Length && char.IsWhiteSpace(s[Pos])) Pos++;
        }

        private bool Eat(string t)
        {
            SkipWs();
            if (string.CompareOrdinal(s, Pos, t, 0, t.Length) == 0)
            {
                Pos += t.Length;
                return true;
            }
            return false;
        }

        private void Expect(string t)
        {
            if (!Eat(t)) throw new CairoException(CairoErrorKind.HintFailed, $"cannot parse reference '{s}': expected '{t}' at {Pos}");
        }

        public Node ParseExpr()
        {
            Node left = ParseProduct();
            while (true)
            {
                if (Eat("+")) left = new Bin(left, ParseProduct(), false);
                else if (Eat("-")) left = new Bin(left, ParseProduct(), true);
                else return left;
            }
        }

        private Node ParseProduct()
        {
            Node left = ParseUnary();
            while (Eat("*")) left = new Mul(left, ParseUnary());
            return left;
        }

        private Node ParseUnary()
        {
            if (Eat("-")) return new Negate(ParseUnary());
            return ParseAtom();
        }

        private Node ParseAtom()
        {
            SkipWs();
            if (Eat("(")) { Node e = ParseExpr(); Expect(")"); return e; }
            if (Eat("[")) { Node e = ParseExpr(); Expect("]"); return new Deref(e); }
            if (Eat("cast("))
            {
                Node e = ParseExpr();
                Expect(",");
                SkipWs();
                int depth = 0, start = Pos;
                while (Pos < s.Length && (depth > 0 || s[Pos] != ')'))
                {
                    if (s[Pos] == '(') depth++;
                    else if (s[Pos] == ')') depth--;
                    Pos++;
                }
                string type = s[start..Pos].Trim();
                Expect(")");
                return new Cast(e, type);
            }
            if (Eat("ap")) return new Reg(true);
            if (Eat("fp")) return new Reg(false);
            SkipWs();
            int st = Pos;
            while (Pos < s.Length && char.IsAsciiDigit(s[Pos])) Pos++;
            if (Pos == st) throw new CairoException(CairoErrorKind.HintFailed, $"cannot parse reference '{s}' at {Pos}");
            return new Num(System.Numerics.BigInteger.Parse(s[st..Pos], CultureInfo.InvariantCulture));
        }
    }
}
