package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClusterTest {

    @Test
    void shouldWriteClusterPropertiesWithWorkingAddresses(@TempDir Path root) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(root)) {
            Path file = root.resolve(EmbeddedCluster.CLUSTER_FILE);
            assertThat(file).isRegularFile();
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            }
            String bootstrap = props.getProperty("bootstrap.servers");
            String registryUrl = props.getProperty("schema.registry.url");
            assertThat(bootstrap).isEqualTo(cluster.bootstrapServers());
            assertThat(registryUrl).isEqualTo(cluster.schemaRegistryUrl());
            assertThat(root.resolve("kafka").resolve(EmbeddedKafkaBroker.PORTS_FILE))
                    .isRegularFile();
            assertThat(root.resolve("schema-registry").resolve(EmbeddedSchemaRegistry.PORT_FILE))
                    .isRegularFile();

            // The addresses from the file work: Kafka round trip and a registry health probe.
            KafkaTestClients.createTopic(bootstrap, "cluster-check", 1);
            KafkaTestClients.produce(bootstrap, "cluster-check", List.of("hello"));
            assertThat(KafkaTestClients.consume(bootstrap, "cluster-check", 1)).containsExactly("hello");

            HttpResponse<String> probe = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(registryUrl + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).isEqualTo(200);
            assertThat(probe.body()).isEqualTo("{}");
        }
    }
}
