package io.agreementgate.runtime.demo;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateRunner;
import io.agreementgate.topology.config.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agreement-gate run --demo}: beside a running gate, feeds the sample records in the background and prints every
 * decision as it lands. It only writes to the gate's input topics and reads its output topics, as any backend would;
 * the gate process knows nothing of it.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    /** The demo's wait for a missing attestation, unless set: short enough to see the timed-out rejections. */
    static final String WAIT_MS = "10000";

    private final DecisionPrinter printer;
    private final Thread feeder;

    private Demo(DecisionPrinter printer, Thread feeder) {
        this.printer = printer;
        this.feeder = feeder;
    }

    /** The settings a demo runs the gate with: the requested ones, with a short wait unless one is set. */
    public static GateSettings settings(GateSettings requested) {
        return requested.withDefault("gate.wait.max.ms", WAIT_MS);
    }

    /** Prints decisions from now on and feeds the demo records once the gate runs, in the background. */
    public static Demo start(GateRunner runner, PrintStream out) {
        GateSettings settings = runner.settings();
        Topics topics = runner.config().topics();
        DecisionPrinter printer = DecisionPrinter.start(
                settings.clientProperties(ConsumerConfig.configNames()), topics, runner.registryClient(), out);
        List<DemoScenario.Step> steps = DemoFeeder.freshSteps();
        Thread feeder = new Thread(
                () -> {
                    try {
                        runner.awaitRunning(Duration.ofMinutes(2));
                        out.println("demo: sending " + steps.size() + " records; orders lacking an attestation wait "
                                + runner.config().maxWait().toMillis() / 1000 + " s (gate.wait.max.ms) before they "
                                + "are rejected");
                        DemoFeeder.feed(
                                settings.clientProperties(ProducerConfig.configNames()),
                                topics,
                                runner.registryClient(),
                                steps,
                                out::println);
                        out.println("demo: all sent; decisions appear below as they land. Produce more with "
                                + "`agreement-gate produce`, stop with Ctrl-C.");
                    } catch (InterruptedException | InterruptException e) {
                        // Stopped while feeding: nothing to report.
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.error("The demo failed: {}", e.toString());
                    }
                },
                "demo-feeder");
        feeder.setDaemon(true);
        feeder.start();
        return new Demo(printer, feeder);
    }

    @Override
    public void close() {
        feeder.interrupt();
        printer.close();
    }
}
