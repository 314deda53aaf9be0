package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.GateProcess;
import io.agreementgate.runtime.config.GateSettings;
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
        GateSettings settings = common.settings(terminal.environment());
        GateProcess process = GateProcess.start(settings, terminal.out(), demo);
        // SIGTERM/Ctrl-C: stop in order, so Kafka Streams commits what it processed before the broker goes.
        Thread hook = new Thread(process::close, "agreement-gate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        KafkaStreams.State end = process.awaitStop();
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
}
