package io.agreementgate.runtime;

import io.agreementgate.runtime.cli.ConsumeCommand;
import io.agreementgate.runtime.cli.EmbeddedCommand;
import io.agreementgate.runtime.cli.ErrorReport;
import io.agreementgate.runtime.cli.MigratePartitionsCommand;
import io.agreementgate.runtime.cli.ProduceCommand;
import io.agreementgate.runtime.cli.RunCommand;
import io.agreementgate.runtime.cli.Terminal;
import io.agreementgate.runtime.cli.TopologyCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code agreement-gate} command: run the gate, the embedded cluster, or the console tools. */
@Command(
        name = "agreement-gate",
        mixinStandardHelpOptions = true,
        versionProvider = AgreementGateCli.Version.class,
        description = "A Kafka Streams gate that lets an order through only when the customer's Microsoft agreement "
                + "acceptance is on record.",
        subcommands = {
            RunCommand.class,
            EmbeddedCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class,
            TopologyCommand.class,
            MigratePartitionsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Settings: built-in defaults < --config FILE < environment variables < flags.",
            "An environment variable AGREEMENT_GATE_<KEY> sets KEY, upper-cased with dots and dashes as underscores:",
            "  AGREEMENT_GATE_BOOTSTRAP_SERVERS=broker:9092     sets bootstrap.servers",
            "  AGREEMENT_GATE_GATE_WAIT_MAX_MS=30000            sets gate.wait.max.ms",
        })
public final class AgreementGateCli implements Terminal {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    private AgreementGateCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        limitHttpServer();
        int exitCode = execute(args, System.in, System.out, System.err, System.getenv());
        // `run` and `embedded` return only when stopped; exit now rather than wait for lingering client threads.
        System.exit(exitCode);
    }

    /**
     * The JDK's HTTP server (the gate's endpoint, the embedded registry) reads its limits only from system properties,
     * once: set them before any server exists, unless the operator set them (-D on the java command line). A client
     * gets 30 s to send its request, idle keep-alive connections are closed after 30 s, and a request may carry at
     * most 64 headers; a slow or half-open client then holds a handler thread for 30 s at most.
     */
    private static void limitHttpServer() {
        Map.of(
                        "sun.net.httpserver.maxReqTime", "30",
                        "sun.net.httpserver.idleInterval", "30",
                        "sun.net.httpserver.maxReqHeaders", "64")
                .forEach((key, value) -> {
                    if (System.getProperty(key) == null) {
                        System.setProperty(key, value);
                    }
                });
    }

    /** Runs a command with the given streams and environment, as main does; for tests and embedding. */
    public static int execute(
            String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new AgreementGateCli(in, out, err, environment));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler(new ErrorReport(err));
        return commandLine.execute(args);
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AgreementGateCli.class.getPackage().getImplementationVersion();
            return new String[] {"agreement-gate " + (version == null ? "(development build)" : version)};
        }
    }
}
