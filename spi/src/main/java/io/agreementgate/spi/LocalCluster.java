package io.agreementgate.spi;

import java.nio.file.Path;

/**
 * A Kafka cluster and schema registry on this machine, started by a {@link LocalClusterFactory}. It records its
 * addresses in {@code <root>/}{@value #CLUSTER_FILE} ({@value #BOOTSTRAP_SERVERS}, {@value #SCHEMA_REGISTRY_URL}), so
 * that other processes on the same root find and share it.
 */
public interface LocalCluster extends AutoCloseable {
    String CLUSTER_FILE = "cluster.properties";
    String BOOTSTRAP_SERVERS = "bootstrap.servers";
    String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Every broker's address, comma-separated. */
    String bootstrapServers();

    String schemaRegistryUrl();

    /** How many Kafka nodes run. */
    int brokers();

    Path root();

    /** {@code root/}{@value #CLUSTER_FILE}. */
    Path clusterFile();

    /** Stops the registry and the brokers; idempotent. */
    @Override
    void close();
}
