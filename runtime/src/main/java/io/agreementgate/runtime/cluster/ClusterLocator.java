package io.agreementgate.runtime.cluster;

import io.agreementgate.runtime.config.ConfigurationException;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.spi.LocalCluster;
import io.agreementgate.spi.LocalClusterFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cluster to work on: the configured one; else a live embedded cluster recorded in {@code
 * <data-dir>/cluster.properties} (started by {@code agreement-gate embedded} or another gate); else, when allowed, a
 * new embedded cluster in this process under the data dir.
 */
public final class ClusterLocator {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLocator.class);
    private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);

    private ClusterLocator() {}

    /**
     * @param startEmbedded start an embedded cluster when none is configured or running; when false, that is an
     *     error (console tools do not start brokers)
     * @throws StartupException when the cluster or registry cannot be reached
     */
    public static ClusterEndpoints locate(GateSettings settings, boolean startEmbedded) {
        Optional<String> bootstrap = settings.bootstrapServers();
        Optional<String> registry = settings.schemaRegistryUrl();
        if (bootstrap.isPresent()) {
            String url = registry.orElseThrow(() -> new ConfigurationException(RuntimeSettings.SCHEMA_REGISTRY_URL
                    + " is not set: with " + RuntimeSettings.BOOTSTRAP_SERVERS + " ("
                    + settings.origin(RuntimeSettings.BOOTSTRAP_SERVERS)
                    + ") the gate also needs the schema registry's URL"));
            checkConfigured(settings, bootstrap.get(), url);
            return new ClusterEndpoints(bootstrap.get(), url, ClusterEndpoints.Kind.CONFIGURED, Optional.empty());
        }
        if (registry.isPresent()) {
            throw new ConfigurationException(RuntimeSettings.SCHEMA_REGISTRY_URL + " is set ("
                    + settings.origin(RuntimeSettings.SCHEMA_REGISTRY_URL) + ") but "
                    + RuntimeSettings.BOOTSTRAP_SERVERS
                    + " is not: set both to use your cluster, or neither for the embedded one");
        }
        Path dataDir = settings.get(RuntimeSettings.DATA_DIR);
        Optional<ClusterEndpoints> live = liveEmbedded(dataDir);
        if (live.isPresent()) {
            LOG.debug("Using the embedded cluster already running on {}", dataDir);
            return live.get();
        }
        if (!startEmbedded) {
            throw new StartupException("no Kafka cluster: give --bootstrap-servers and --schema-registry-url, or start "
                    + "`agreement-gate embedded` (or `run`) with data dir " + dataDir + " first");
        }
        return startEmbedded(dataDir);
    }

    /** The embedded cluster recorded under {@code dataDir}, if both its broker and registry answer now. */
    public static Optional<ClusterEndpoints> liveEmbedded(Path dataDir) {
        Path file = dataDir.resolve(LocalCluster.CLUSTER_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties recorded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            recorded.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        String bootstrap = recorded.getProperty(LocalCluster.BOOTSTRAP_SERVERS);
        String url = recorded.getProperty(LocalCluster.SCHEMA_REGISTRY_URL);
        if (bootstrap == null || url == null || !anyOpen(bootstrap)) {
            return Optional.empty();
        }
        try {
            Reachability.checkRegistry(
                    SchemaRegistryClients.forUrl(
                            url,
                            Map.of(
                                    SchemaRegistryClients.REQUEST_TIMEOUT_MS,
                                    Long.toString(LIVENESS_TIMEOUT.toMillis()))),
                    url);
        } catch (StartupException e) {
            return Optional.empty();
        }
        return Optional.of(
                new ClusterEndpoints(bootstrap, url, ClusterEndpoints.Kind.EMBEDDED_SHARED, Optional.empty()));
    }

    /** One live node is enough: the clients find the others (a node of several may be down for a restart). */
    private static boolean anyOpen(String bootstrap) {
        return Arrays.stream(bootstrap.split(","))
                .map(String::trim)
                .anyMatch(address -> Reachability.isOpen(address, LIVENESS_TIMEOUT));
    }

    /**
     * The embedded broker and registry, an optional part of the distribution (lib/embedded/, absent from the Docker
     * image), found as a service only now that they are asked for: without them, say so in one line.
     */
    public static LocalClusterFactory embeddedDefault() {
        try {
            return LocalClusterFactory.installed(ClusterLocator.class.getClassLoader())
                    .orElseThrow(ClusterLocator::notInstalled);
        } catch (ServiceConfigurationError | LinkageError e) {
            // Named in META-INF/services but missing a class it needs (a partly removed lib/embedded/).
            throw notInstalled();
        }
    }

    private static StartupException notInstalled() {
        return new StartupException("the embedded Kafka broker and schema registry are not installed (lib/embedded/"
                + " of the distribution): give --bootstrap-servers and --schema-registry-url of your cluster");
    }

    private static ClusterEndpoints startEmbedded(Path dataDir) {
        LocalClusterFactory factory = embeddedDefault();
        LOG.info("Starting the embedded Kafka broker and schema registry in {}", dataDir);
        LocalCluster cluster;
        try {
            cluster = factory.start(dataDir, OptionalInt.empty());
        } catch (RuntimeException e) {
            throw new StartupException("cannot start the embedded cluster in " + dataDir + ": " + rootMessage(e), e);
        }
        return new ClusterEndpoints(
                cluster.bootstrapServers(),
                cluster.schemaRegistryUrl(),
                ClusterEndpoints.Kind.EMBEDDED_IN_PROCESS,
                Optional.of(cluster));
    }

    private static void checkConfigured(GateSettings settings, String bootstrap, String url) {
        Map<String, Object> admin = new HashMap<>(settings.clientProperties(AdminClientConfig.configNames()));
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Reachability.checkKafka(admin, settings.get(RuntimeSettings.CONNECT_TIMEOUT));
        Map<String, String> registry = new HashMap<>(settings.registryProperties());
        registry.putIfAbsent(
                SchemaRegistryClients.REQUEST_TIMEOUT_MS,
                Long.toString(settings.get(RuntimeSettings.CONNECT_TIMEOUT).toMillis()));
        Reachability.checkRegistry(SchemaRegistryClients.forUrl(url, registry), url);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
