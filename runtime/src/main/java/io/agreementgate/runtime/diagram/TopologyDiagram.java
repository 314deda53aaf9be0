package io.agreementgate.runtime.diagram;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/**
 * A Mermaid flowchart of a Kafka Streams topology, generated from its {@link TopologyDescription} so that the picture
 * in the docs cannot drift from the code: topics as parallelograms, processors as boxes inside their sub-topology,
 * state stores as cylinders attached to the processors that use them.
 */
public final class TopologyDiagram {
    private TopologyDiagram() {}

    public static String mermaid(TopologyDescription description) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Set<String> topics = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        StringBuilder edges = new StringBuilder();
        List<TopologyDescription.Subtopology> subtopologies = description.subtopologies().stream()
                .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id))
                .toList();
        for (TopologyDescription.Subtopology sub : subtopologies) {
            out.append("  subgraph sub")
                    .append(sub.id())
                    .append("[\"sub-topology ")
                    .append(sub.id())
                    .append("\"]\n");
            List<TopologyDescription.Node> nodes = sub.nodes().stream()
                    .sorted(Comparator.comparing(TopologyDescription.Node::name))
                    .toList();
            for (TopologyDescription.Node node : nodes) {
                out.append("    ")
                        .append(nodeId(node.name()))
                        .append("[\"")
                        .append(node.name())
                        .append("\"]\n");
                node.successors().stream()
                        .map(TopologyDescription.Node::name)
                        .sorted()
                        .forEach(next -> edges.append("  ")
                                .append(nodeId(node.name()))
                                .append(" --> ")
                                .append(nodeId(next))
                                .append('\n'));
                if (node instanceof TopologyDescription.Source source) {
                    source.topicSet().stream().sorted().forEach(topic -> {
                        topics.add(topic);
                        edges.append("  ")
                                .append(topicId(topic))
                                .append(" --> ")
                                .append(nodeId(node.name()));
                        edges.append('\n');
                    });
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    edges.append("  ")
                            .append(nodeId(node.name()))
                            .append(" --> ")
                            .append(topicId(sink.topic()));
                    edges.append('\n');
                } else if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().stream().sorted().forEach(store -> {
                        stores.add(store);
                        edges.append("  ")
                                .append(nodeId(node.name()))
                                .append(" -.- ")
                                .append(storeId(store));
                        edges.append('\n');
                    });
                }
            }
            out.append("  end\n");
        }
        topics.forEach(t ->
                out.append("  ").append(topicId(t)).append("[/\"").append(t).append("\"/]\n"));
        stores.forEach(s ->
                out.append("  ").append(storeId(s)).append("[(\"").append(s).append("\")]\n"));
        return out.append(edges).toString();
    }

    private static String nodeId(String name) {
        return "n_" + sanitize(name);
    }

    private static String topicId(String topic) {
        return "t_" + sanitize(topic);
    }

    private static String storeId(String store) {
        return "s_" + sanitize(store);
    }

    private static String sanitize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }
}
