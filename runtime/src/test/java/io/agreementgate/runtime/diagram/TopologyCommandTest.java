package io.agreementgate.runtime.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.AgreementGateCli;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
                .contains("n_approved_orders_sink --> t_csp_orders_approved");
        for (String topic : Topics.DEFAULTS.customerKeyed().subList(1, 5)) {
            assertThat(mermaid).contains("\"" + topic + "\"");
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AgreementGateCli.execute(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of());
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
