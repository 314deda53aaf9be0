package io.agreementgate.topology.policy;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.anOrder;
import static io.agreementgate.testkit.Samples.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.ProductType;
import org.junit.jupiter.api.Test;

class OrderValidatorTest {
    private final OrderValidator validator = new OrderValidator();

    @Test
    void shouldAcceptAWellFormedOrder() {
        assertThat(validator.validate(CUSTOMER, anOrder().build())).isEmpty();
    }

    @Test
    void shouldAcceptAnUnkeyedOrder() {
        assertThat(validator.validate(null, anOrder().build())).isEmpty();
    }

    @Test
    void shouldRejectKeyOtherThanTheCustomer() {
        assertThat(validator.validate("order-1", anOrder().build()))
                .extracting(OrderRejectionReason::getMessage)
                .singleElement()
                .asString()
                .contains("record key 'order-1'");
    }

    @Test
    void shouldListEveryMissingIdentifier() {
        assertThat(validator.validate(
                        null, anOrder().id("").customer(" ").partner("").build()))
                .hasSize(3);
    }

    @Test
    void shouldRejectBlankIndirectProvider() {
        assertThat(validator.validate(CUSTOMER, anOrder().resellerOf("r", " ").build()))
                .hasSize(1);
    }

    @Test
    void shouldRejectNegativeQuantity() {
        assertThat(validator.validate(
                        CUSTOMER,
                        anOrder().items(item(ProductType.SOFTWARE, -1)).build()))
                .extracting(OrderRejectionReason::getMessage)
                .singleElement()
                .asString()
                .contains("quantity -1");
    }
}
