package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.cluster.ClusterEndpoints;
import io.agreementgate.runtime.cluster.ClusterLocator;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.spi.LocalCluster;
import io.agreementgate.spi.LocalClusterFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "embedded",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the embedded Kafka cluster (KRaft: one broker, or --brokers N replicated ones) and schema "
                    + "registry on loopback until Ctrl-C, so that several gate processes share one local cluster.",
            "Gates and console tools with the same --data-dir find it through <data-dir>/cluster.properties."
        })
public final class EmbeddedCommand implements Callable<Integer> {
    @ParentCommand
    Terminal terminal;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            description = "Kafka nodes (each broker and KRaft controller). With 3 or more, topics default to 3 "
                    + "replicas with min.insync.replicas=2. Default: as many as the data dir holds, else 1.")
    Integer brokers;

    @Override
    public Integer call() throws InterruptedException {
        Path dataDir = common.settings(terminal.environment()).get(RuntimeSettings.DATA_DIR);
        Optional<ClusterEndpoints> running = ClusterLocator.liveEmbedded(dataDir);
        if (running.isPresent()) {
            throw new StartupException("an embedded cluster already runs on " + dataDir + " (bootstrap.servers "
                    + running.get().bootstrapServers() + ", schema.registry.url "
                    + running.get().schemaRegistryUrl() + ")");
        }
        if (brokers != null && brokers < 1) {
            throw new StartupException("--brokers must be at least 1, not " + brokers);
        }
        LocalClusterFactory factory = ClusterLocator.embeddedDefault();
        LocalCluster cluster;
        try {
            cluster = factory.start(dataDir, brokers == null ? OptionalInt.empty() : OptionalInt.of(brokers));
        } catch (RuntimeException e) {
            throw new StartupException("cannot start the embedded cluster in " + dataDir + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = cluster::close;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                stop.run();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "embedded-cluster-shutdown"));
        PrintStream out = terminal.out();
        out.println("Embedded cluster running, data in " + cluster.root());
        out.println("  brokers              " + cluster.brokers());
        out.println("  bootstrap.servers    " + cluster.bootstrapServers());
        out.println("  schema.registry.url  " + cluster.schemaRegistryUrl());
        out.println("  recorded in          " + cluster.clusterFile());
        out.println("Gates and tools with --data-dir " + dataDir + " use it. Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }
}
