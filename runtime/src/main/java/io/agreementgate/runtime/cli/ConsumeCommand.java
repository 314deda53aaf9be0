package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.tools.ConsoleConsumer;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "consume",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a topic's records as JSON lines in Avro's JSON encoding (as kafka-avro-console-consumer), each "
                    + "decoded with its writer schema from the registry.",
            "Reads every partition without a consumer group (commits nothing); committed records only."
        })
public final class ConsumeCommand implements Callable<Integer> {
    @ParentCommand
    Terminal terminal;

    @Mixin
    CommonOptions common;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record, not at the end.")
    boolean fromBeginning;

    @Option(names = "--max-messages", paramLabel = "N", description = "Stop after N records.")
    int maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Stop when no record arrives for MS ms.")
    Long timeoutMs;

    @Option(names = "--print-key", description = "Print KEY<TAB>JSON.")
    boolean printKey;

    @Override
    public Integer call() {
        if (maxMessages < 0 || (timeoutMs != null && timeoutMs < 0)) {
            throw new IllegalArgumentException("--max-messages and --timeout-ms must not be negative");
        }
        ClusterClients cluster = ClusterClients.connect(common.settings(terminal.environment()));
        ConsoleConsumer.consume(
                cluster.clientProperties(ConsumerConfig.configNames()),
                cluster.registry(),
                new ConsoleConsumer.Options(
                        topic,
                        fromBeginning,
                        maxMessages,
                        timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                        printKey),
                terminal.out(),
                terminal.err());
        return 0;
    }
}
