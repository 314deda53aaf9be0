package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.tools.ConsoleProducer;
import io.agreementgate.runtime.tools.JsonLines;
import io.agreementgate.runtime.tools.KeyField;
import io.agreementgate.runtime.tools.ValueTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Reads records from stdin, one per line in Avro's JSON encoding (as kafka-avro-console-producer), and "
                    + "sends them as Avro in the Confluent wire format, registering the schema as <topic>-value.",
            "Every line is checked first: a bad line is reported with its number and nothing is sent."
        })
public final class ProduceCommand implements Callable<Integer> {
    @ParentCommand
    Terminal terminal;

    @Mixin
    CommonOptions common;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC")
    String topic;

    @Option(
            names = "--value-type",
            paramLabel = "TYPE",
            description = "order, attestation, approved-order, rejected-order, rejected-attestation, or the class "
                    + "name of a generated Avro class. Default: guessed from the gate's topic names.")
    String valueType;

    @Option(names = "--value-schema-file", paramLabel = "FILE", description = "An .avsc file with the value schema.")
    Path valueSchemaFile;

    @Option(
            names = "--key-field",
            paramLabel = "FIELD",
            description = "Field (dotted path) whose value is the record key; default customerId (also inside a "
                    + "wrapped order or attestation); empty for no key.")
    String keyField;

    @Option(names = "--parse-key", description = "Each line is KEY<separator>JSON.")
    boolean parseKey;

    @Option(
            names = "--key-separator",
            paramLabel = "SEP",
            defaultValue = "\t",
            description = "Separator of key and value with --parse-key (default: TAB).")
    String keySeparator;

    @Override
    public Integer call() throws IOException {
        GateSettings settings = common.settings(terminal.environment());
        Schema schema = ValueTypes.resolve(
                valueType, valueSchemaFile, topic, settings.gateConfig().topics());
        Optional<KeyField> key = parseKey ? Optional.empty() : KeyField.resolve(schema, keyField);
        BufferedReader input = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8));
        List<JsonLines.Line> lines = JsonLines.parse(input, schema, parseKey ? keySeparator : null);
        if (lines.isEmpty()) {
            terminal.err().println("no records on stdin; nothing sent");
            return 0;
        }
        ClusterClients cluster = ClusterClients.connect(settings);
        int sent = ConsoleProducer.send(
                cluster.clientProperties(ProducerConfig.configNames()),
                cluster.registry(),
                settings.get(RuntimeSettings.SCHEMAS_AUTO_REGISTER),
                topic,
                key,
                lines);
        terminal.err()
                .println("sent " + sent + " record(s) to " + topic + " as " + schema.getFullName()
                        + key.map(k -> ", keyed by " + k.describe()).orElse(parseKey ? ", keys from input" : ""));
        return 0;
    }
}
