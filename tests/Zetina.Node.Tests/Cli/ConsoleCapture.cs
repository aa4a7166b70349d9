using Zetina.Node.Cli;

namespace Zetina.Node.Tests.Cli;

/// <summary>Tests that swap <see cref="Console"/>'s streams run one at a time: they join this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console capture";
}

/// <summary>Runs the CLI in-process with captured stdout/stderr (and an optional stdin).</summary>
internal static class ConsoleCapture
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Result RunWithInput(string? stdin, params string[] args)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        TextReader oldIn = Console.In;
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        try
        {
            Console.SetOut(o);
            Console.SetError(e);
            if (stdin is not null) Console.SetIn(new StringReader(stdin));
            int code = CommandTable.Run(args);
            return new Result(code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Console.SetIn(oldIn);
        }
    }

    public static Result Run(params string[] args) => RunWithInput(null, args);
}
