package io.agreementgate.runtime.config;

import io.agreementgate.serde.SchemaLimits;
import io.agreementgate.topology.config.GateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A gate process's configuration after one validation pass ({@link GateSettings#validate()}): every value typed and
 * checked, the topology's {@link GateConfig} built once. Start-up hands this down; nothing after it re-reads or
 * re-validates the raw settings.
 *
 * @param settings the layered settings it was read from (client and registry properties, origins for messages)
 * @param gate the topology's configuration, Kafka Streams settings included
 * @param schemaLimits what a writer schema may be before the gate's deserializers use it
 * @param avroMaxStringLength Avro's limit on strings and bytes values (process-wide, see AvroLimits)
 * @param avroMaxCollectionItems Avro's limit on array and map items (process-wide, see AvroLimits)
 */
public record GateOptions(
        GateSettings settings,
        GateConfig gate,
        Path dataDir,
        String httpHost,
        int httpPort,
        Optional<String> httpAdvertisedHost,
        Optional<String> httpToken,
        boolean showContacts,
        boolean createTopics,
        int partitions,
        Optional<Short> replicationFactor,
        Duration rejectedRetention,
        Duration deadLetterRetention,
        Duration connectTimeout,
        Duration shutdownTimeout,
        Duration metricsRefresh,
        Duration healthGrace,
        Duration healthStall,
        boolean autoRegisterSchemas,
        boolean staticMembership,
        SchemaLimits schemaLimits,
        int avroMaxStringLength,
        int avroMaxCollectionItems) {

    public Optional<String> bootstrapServers() {
        return settings.bootstrapServers();
    }

    public Optional<String> schemaRegistryUrl() {
        return settings.schemaRegistryUrl();
    }

    /** These options on the cluster found or started at these addresses (nothing else changes, so no re-validation). */
    public GateOptions onCluster(String bootstrapServers, String schemaRegistryUrl, String origin) {
        Map<String, Object> streams = new LinkedHashMap<>(gate.streams());
        streams.put(Keys.BOOTSTRAP_SERVERS, bootstrapServers);
        return with(
                settings.with(Keys.BOOTSTRAP_SERVERS, bootstrapServers, origin)
                        .with(Keys.SCHEMA_REGISTRY_URL, schemaRegistryUrl, origin),
                gate.withStreams(streams));
    }

    /** These options with the topology's configuration replaced (the runner adds state dir and endpoint). */
    public GateOptions withGate(GateConfig newGate) {
        return with(settings, newGate);
    }

    private GateOptions with(GateSettings newSettings, GateConfig newGate) {
        return new GateOptions(
                newSettings,
                newGate,
                dataDir,
                httpHost,
                httpPort,
                httpAdvertisedHost,
                httpToken,
                showContacts,
                createTopics,
                partitions,
                replicationFactor,
                rejectedRetention,
                deadLetterRetention,
                connectTimeout,
                shutdownTimeout,
                metricsRefresh,
                healthGrace,
                healthStall,
                autoRegisterSchemas,
                staticMembership,
                schemaLimits,
                avroMaxStringLength,
                avroMaxCollectionItems);
    }
}
