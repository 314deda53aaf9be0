package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.demo.Demo;
import io.agreementgate.runtime.gate.GateProcess;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the gate until Ctrl-C/SIGTERM.",
            "Without --bootstrap-servers it uses the embedded Kafka broker and schema registry of the data dir: "
                    + "the one `agreement-gate embedded` runs there, or else one started in this process.",
            "Creates missing topics, then serves HTTP on gate.http.host:gate.http.port (default 127.0.0.1:8080)."
        })
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Terminal terminal;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--demo",
            description = "Feed sample attestations and orders covering every outcome and print each decision as it "
                    + "lands (orders lacking an attestation wait 10 s unless gate.wait.max.ms is set).")
    boolean demo;

    @Override
    public Integer call() {
        GateSettings requested = common.settings(terminal.environment());
        GateProcess process = GateProcess.start(demo ? Demo.settings(requested) : requested, terminal.out());
        AutoCloseable shown = demo ? startDemo(process) : () -> {};
        // SIGTERM/Ctrl-C: stop in order, so Kafka Streams commits what it processed before the broker goes.
        Thread hook = new Thread(() -> stopOnSignal(shown, process), "agreement-gate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        KafkaStreams.State end = process.awaitStop();
        closeQuietly(shown);
        process.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what stopped us.
        }
        if (process.runner().stateNotPersisted().isPresent()) {
            terminal.err()
                    .println("agreement-gate: "
                            + process.runner().stateNotPersisted().get());
            return ErrorReport.FAILED;
        }
        if (end == KafkaStreams.State.ERROR) {
            terminal.err()
                    .println("agreement-gate: "
                            + process.runner()
                                    .fatalError()
                                    .orElse("Kafka Streams failed (see the log above); the gate stopped"));
            return ErrorReport.FAILED;
        }
        return 0;
    }

    /**
     * A stop that was asked for (docker stop, a rolling upgrade, systemd, Ctrl-C) and ended cleanly is a success: exit
     * 0, not the JVM's 143 (128 + SIGTERM), so that orchestrators and service managers do not report a failed gate.
     * A gate that had failed, did not stop within gate.shutdown.timeout.ms, or may not have persisted its state (the
     * runner logged why) keeps the signal's status.
     */
    private void stopOnSignal(AutoCloseable shown, GateProcess process) {
        closeQuietly(shown);
        process.close();
        if (process.runner().closedCleanly()
                && process.runner().stateNotPersisted().isEmpty()
                && process.awaitStop() != KafkaStreams.State.ERROR) {
            terminal.out().flush();
            terminal.err().flush();
            // halt, not exit: exit would wait for this very hook. Our hook is the only one that stops anything.
            Runtime.getRuntime().halt(0);
        }
    }

    private Demo startDemo(GateProcess process) {
        try {
            return Demo.start(process.runner(), terminal.out());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** The demo's consumer and feeder hold nothing that a stop must keep: a failure to close them is only logged. */
    private static void closeQuietly(AutoCloseable shown) {
        try {
            shown.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RunCommand.class).warn("Stopping the demo: {}", e.toString());
        }
    }
}
