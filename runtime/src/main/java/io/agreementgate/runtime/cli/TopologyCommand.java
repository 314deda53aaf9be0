package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.diagram.TopologyDiagram;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.GateTopology;
import io.agreementgate.topology.config.GateConfig;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "topology",
        mixinStandardHelpOptions = true,
        description = "Prints the gate's Kafka Streams topology (for the configured topic names), as Kafka Streams "
                + "describes it or as a Mermaid diagram. Needs no cluster.")
public final class TopologyCommand implements Callable<Integer> {
    @ParentCommand
    Terminal terminal;

    @Mixin
    CommonOptions common;

    @Option(names = "--mermaid", description = "Print a Mermaid flowchart instead of the text description.")
    boolean mermaid;

    @Override
    public Integer call() {
        GateConfig config = common.settings(terminal.environment()).gateConfig();
        // Building the topology talks to no registry: an in-memory one is enough.
        AvroSerdes serdes = new AvroSerdes(SchemaRegistryClients.forUrl("mock://agreement-gate-topology", null), true);
        TopologyDescription description = GateTopology.build(config, serdes).describe();
        terminal.out().print(mermaid ? TopologyDiagram.mermaid(description) : description.toString());
        terminal.out().flush();
        return 0;
    }
}
