package io.agreementgate.runtime.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.cli.Cli;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.config.Topics;
import org.junit.jupiter.api.Test;

class TopologyCommandTest {
    @Test
    void describesTheTopology() {
        String text = run("topology");
        assertThat(text).contains("Sub-topology", Topics.DEFAULTS.orders(), GateNames.AGREEMENTS_STORE);
    }

    @Test
    void drawsAMermaidFlowchartWithTopicsProcessorsAndStores() {
        String mermaid = run("topology", "--mermaid", "-D", "gate.topic.orders=my.orders");
        assertThat(mermaid)
                .startsWith("flowchart LR\n")
                .contains("subgraph sub0")
                .contains("t_my_orders[/\"my.orders\"/]")
                .contains("t_my_orders --> n_orders_source")
                .contains("s_customer_agreements[(\"customer-agreements\")]")
                .contains("n_decide_orders -.- s_waiting_orders")
                .contains("n_decide_orders_to_approved_orders_sink --> t_csp_orders_approved");
        for (String topic : Topics.DEFAULTS.customerKeyed().subList(1, 5)) {
            assertThat(mermaid).contains("\"" + topic + "\"");
        }
    }

    private static String run(String... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }
}
