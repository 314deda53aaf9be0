package io.agreementgate.topology.policy;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.MCA_ERA;
import static io.agreementgate.testkit.Samples.anOrder;
import static io.agreementgate.testkit.Samples.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.testkit.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderValidatorTest {
    private final OrderValidator validator = new OrderValidator(Policy.DEFAULTS);

    /** The sample order's record written when it was placed. */
    private List<OrderRejectionReason> validate(String key, Order order) {
        return validator.validate(key, order, order.getOrderedAt().toEpochMilli());
    }

    @Test
    void shouldAcceptAWellFormedOrder() {
        assertThat(validate(CUSTOMER, anOrder().build())).isEmpty();
    }

    @Test
    void shouldAcceptAnUnkeyedOrder() {
        assertThat(validate(null, anOrder().build())).isEmpty();
    }

    @Test
    void shouldListEveryMissingIdentifier() {
        assertThat(validate(null, anOrder().id("").customer(" ").partner("").build()))
                .hasSize(3);
    }

    @Test
    void shouldRejectBlankIndirectProvider() {
        assertThat(validate(CUSTOMER, anOrder().resellerOf("r", " ").build())).hasSize(1);
    }

    @Test
    void shouldRejectNegativeQuantity() {
        assertThat(validate(
                        CUSTOMER,
                        anOrder().items(item(ProductType.SOFTWARE, -1)).build()))
                .extracting(OrderRejectionReason::getMessage)
                .singleElement()
                .asString()
                .contains("quantity -1");
    }

    @Test
    void shouldRejectAnOrderWithoutLineItems() {
        assertThat(validate(CUSTOMER, anOrder().items().build()))
                .extracting(OrderRejectionReason::getCode)
                .containsExactly(OrderRejectionCode.INVALID_ORDER);
    }

    @Test
    void shouldAcceptAQuantityOfZeroOnlyForALicenseQuantityChange() {
        assertThat(validate(
                        CUSTOMER,
                        anOrder()
                                .type(OrderType.CHANGE_LICENSE_QUANTITY)
                                .items(item(ProductType.LICENSE_SUBSCRIPTION, 0))
                                .build()))
                .isEmpty();
        assertThat(validate(
                        CUSTOMER,
                        anOrder()
                                .items(item(ProductType.LICENSE_SUBSCRIPTION, 0))
                                .build()))
                .extracting(OrderRejectionReason::getCode)
                .containsExactly(OrderRejectionCode.INVALID_ORDER);
    }

    @Test
    void shouldListEveryProblemOfAMalformedOrder() {
        assertThat(validate(
                        CUSTOMER,
                        anOrder()
                                .partner("")
                                .items(item(ProductType.SOFTWARE, 0), item(ProductType.RESERVED_INSTANCE, -2))
                                .build()))
                .extracting(OrderRejectionReason::getCode)
                .containsExactly(
                        OrderRejectionCode.INVALID_ORDER,
                        OrderRejectionCode.INVALID_ORDER,
                        OrderRejectionCode.INVALID_ORDER);
    }

    /**
     * The order's dates and bounds as a table: the sample order (placed 2024-03-01T10:00:00Z), with the change of the
     * first column, written in a record whose Kafka timestamp is the second column; the verdict and what the message
     * must name.
     */
    @ParameterizedTest(name = "{0}, written {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            as is                                   | 2024-03-01T10:00:00Z | VALID   |
            ordered at 0 (an unset timestamp)       | 2024-03-01T10:00:00Z | INVALID | before 2015-01-01T00:00:00Z
            ordered 2014-12-31T23:59:59.999Z        | 2024-03-01T10:00:00Z | INVALID | before 2015-01-01T00:00:00Z
            ordered 2015-01-01T00:00:00Z            | 2024-03-01T10:00:00Z | VALID   |
            as is                                   | 2024-03-01T09:55:00Z | VALID   |
            as is                                   | 2024-03-01T09:54:59.999Z | INVALID | later than the record's own timestamp 2024-03-01T09:54:59.999Z
            ordered 2099-01-01T00:00:00Z            | 2026-12-02T10:00:00Z | INVALID | later than the record's own timestamp
            an order id of 600 KB                   | 2024-03-01T10:00:00Z | INVALID | orderId is 614400 characters long, more than the bound of 4096
            an offer id of 4097 characters          | 2024-03-01T10:00:00Z | INVALID | lineItems[1].offerId is 4097 characters long, more than the bound of 4096
            an offer id of 4096 characters          | 2024-03-01T10:00:00Z | VALID   |
            501 line items                          | 2024-03-01T10:00:00Z | INVALID | lineItems has 501 items, more than the bound of 500
            500 line items                          | 2024-03-01T10:00:00Z | VALID   |
            """)
    void shouldRejectAnOrderWhenADateIsImplausibleOrAFieldIsBeyondItsBound(
            String change, Instant written, String verdict, String named) {
        Samples.OrderBuilder order = anOrder();
        switch (change) {
            case "as is" -> {}
            case "ordered at 0 (an unset timestamp)" -> order.orderedAt(Instant.EPOCH);
            case "an order id of 600 KB" -> order.id("x".repeat(600 * 1024));
            case "an offer id of 4097 characters" ->
                order.items(new LineItem("o".repeat(4097), ProductType.SOFTWARE, 1));
            case "an offer id of 4096 characters" ->
                order.items(new LineItem("o".repeat(4096), ProductType.SOFTWARE, 1));
            case "501 line items" -> order.items(items(501));
            case "500 line items" -> order.items(items(500));
            default -> order.orderedAt(Instant.parse(change.substring("ordered ".length())));
        }
        List<OrderRejectionReason> reasons = validator.validate(CUSTOMER, order.build(), written.toEpochMilli());

        if (verdict.equals("VALID")) {
            assertThat(reasons).isEmpty();
        } else {
            assertThat(reasons).singleElement().satisfies(reason -> {
                assertThat(reason.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER);
                assertThat(reason.getMessage()).contains(named).hasSizeLessThan(1000);
            });
        }
    }

    @Test
    void shouldNameOnlyTheBoundWhenAnOversizedOrderIsAlsoMalformed() {
        String huge = "c".repeat(10_000);
        List<OrderRejectionReason> reasons = validator.validate(
                "another-key", anOrder().customer(huge).partner("").build(), MCA_ERA.toEpochMilli());

        assertThat(reasons)
                .singleElement()
                .satisfies(reason -> assertThat(reason.getMessage())
                        .startsWith("customerId is 10000 characters long")
                        .doesNotContain("ccccc"));
    }

    private static LineItem[] items(int count) {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(item(ProductType.SOFTWARE, 1));
        }
        return items.toArray(LineItem[]::new);
    }
}
