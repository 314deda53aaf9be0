package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.MCA_ERA;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.serde.GenericAvroSerializer;
import io.agreementgate.testkit.NewerWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * An approved order written with a newer contract says so ({@code orderWriterSchemaId}, {@code orderSource}) on every
 * path it can take: decided at once ({@link NeverOnAGuessTest}), after waiting in the store, and after re-keying.
 */
class NewerOrderOriginTest {
    @Test
    void shouldTellFulfilmentOfANewerOrderThatWaitedOrWasRekeyed() {
        // Orders may wait (the default): no attestation yet, so both orders wait for it.
        try (GateDriver waiting = new GateDriver()) {
            GenericAvroSerializer writer = new GenericAvroSerializer(waiting.serdes.client(), false, true);
            GenericRecord newer = NewerWriter.order(anOrder().id("o-waited").build(), "web");
            waiting.rawOrders.pipeInput(CUSTOMER, writer.serialize("csp.orders", newer), MCA_ERA);
            GenericRecord rekeyed = NewerWriter.order(anOrder().id("o-rekeyed").build(), "web");
            waiting.rawOrders.pipeInput("not-the-customer", writer.serialize("csp.orders", rekeyed), MCA_ERA);
            waiting.send(anAttestation().build());

            int schemaId = waiting.serdes.client().idOf("csp.orders-value", NewerWriter.ORDER);
            assertThat(waiting.approved.readValuesToList())
                    .extracting(
                            a -> a.getOrder().getOrderId(),
                            ApprovedOrder::getOrderWriterSchemaId,
                            ApprovedOrder::getOrderSource)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("o-waited", schemaId, "csp.orders-0@0"),
                            org.assertj.core.groups.Tuple.tuple("o-rekeyed", schemaId, "csp.orders-0@1"));
        }
    }
}
