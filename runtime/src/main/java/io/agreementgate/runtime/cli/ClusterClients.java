package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.cluster.ClusterEndpoints;
import io.agreementgate.runtime.cluster.ClusterLocator;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryClients;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The console tools' view of the cluster: client settings and a registry client, never a broker of their own. */
final class ClusterClients {
    private final GateSettings settings;
    private final ClusterEndpoints cluster;

    private ClusterClients(GateSettings settings, ClusterEndpoints cluster) {
        this.settings = settings;
        this.cluster = cluster;
    }

    static ClusterClients connect(GateSettings settings) {
        return new ClusterClients(settings, ClusterLocator.locate(settings, false));
    }

    /** The settings a client of one kind knows, with the cluster's bootstrap servers. */
    Map<String, Object> clientProperties(Set<String> clientKeys) {
        Map<String, Object> properties = new HashMap<>(settings.clientProperties(clientKeys));
        properties.put(RuntimeSettings.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        return properties;
    }

    SchemaRegistryClient registry() {
        return SchemaRegistryClients.forUrl(cluster.schemaRegistryUrl(), settings.registryProperties());
    }
}
