package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.runtime.tools.ConsoleProducer;
import io.agreementgate.runtime.tools.JsonLines;
import io.agreementgate.serde.Redaction;
import io.agreementgate.serde.SchemaRegistryException;
import java.io.PrintStream;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns a failed command into one line on stderr and exit code 1: what went wrong and which setting, file line or
 * address it concerns. The stack trace only with {@code --verbose}, since the line says what to fix.
 */
public final class ErrorReport implements CommandLine.IExecutionExceptionHandler {
    public static final int FAILED = 1;

    private final PrintStream err;

    public ErrorReport(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        err.println("agreement-gate: " + oneLine(exception));
        if (verbose(parseResult)) {
            exception.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** The message a person needs, on one line. */
    public static String oneLine(Throwable e) {
        String message;
        if (e instanceof StartupException
                || e instanceof JsonLines.BadLineException
                || e instanceof ConsoleProducer.SendFailedException
                || e instanceof SchemaRegistryException) {
            message = e.getMessage();
        } else if (e instanceof IllegalArgumentException || e instanceof ConfigException) {
            message = "configuration error: " + e.getMessage();
        } else {
            message = e.toString() + " (--verbose shows where)";
        }
        // Whatever the message quotes, credentials in a URL are never printed.
        return message == null ? e.getClass().getName() : Redaction.urls(message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
