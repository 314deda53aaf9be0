package io.agreementgate.topology.policy;

import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.OrderType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Checks that an order is well formed; a malformed order is rejected with INVALID_ORDER and nothing else checked. */
public final class OrderValidator {
    private final Policy policy;
    private final RecordBounds bounds;

    public OrderValidator(Policy policy) {
        this.policy = policy;
        this.bounds = new RecordBounds(policy.maxStringLength(), policy.maxLineItems());
    }

    /**
     * @param recordKey bounded in length only: the topology re-keys an order by its customer before deciding it, so
     *     the key is the order's customerId here
     * @param recordTimestamp the Kafka timestamp of the order's record: an order cannot be placed after it was written
     * @return one INVALID_ORDER reason per problem, empty when the order is well formed.
     */
    public List<OrderRejectionReason> validate(String recordKey, Order order, long recordTimestamp) {
        // Bounds first and alone: the other messages quote ids, which must not copy an oversized value.
        List<String> problems = bounds.problems(recordKey, order);
        if (!problems.isEmpty()) {
            return reasons(problems, "; send the order with every field within its bound.");
        }
        requirePresent("orderId", order.getOrderId(), problems);
        requirePresent("customerId", order.getCustomerId(), problems);
        requirePresent("partnerId", order.getPartnerId(), problems);
        if (order.getIndirectProviderId() != null
                && order.getIndirectProviderId().isBlank()) {
            problems.add("indirectProviderId is blank: omit it (null) for a direct-bill partner");
        }
        checkOrderedAt(order.getOrderedAt(), recordTimestamp, problems);
        checkLineItems(order, problems);
        return problems.isEmpty() ? List.of() : reasons(problems, "; correct and resend.");
    }

    private void checkOrderedAt(Instant orderedAt, long recordTimestamp, List<String> problems) {
        if (orderedAt.isBefore(policy.earliestOrderDate())) {
            problems.add("orderedAt " + orderedAt + " is before " + policy.earliestOrderDate()
                    + ", the earliest date a CSP order can have (an unset timestamp?): send the date the order was "
                    + "placed");
            return;
        }
        Instant written = Instant.ofEpochMilli(recordTimestamp);
        if (orderedAt.isAfter(written.plus(policy.clockSkewTolerance()))) {
            problems.add("orderedAt " + orderedAt + " is later than the record's own timestamp " + written
                    + " (tolerance " + policy.clockSkewTolerance() + "): an order cannot be placed after it was "
                    + "written; send the date the order was placed and check the producer's clock");
        }
    }

    private static List<OrderRejectionReason> reasons(List<String> problems, String advice) {
        List<OrderRejectionReason> reasons = new ArrayList<>(problems.size());
        for (String problem : problems) {
            reasons.add(new OrderRejectionReason(OrderRejectionCode.INVALID_ORDER, problem + advice));
        }
        return List.copyOf(reasons);
    }

    private static void checkLineItems(Order order, List<String> problems) {
        List<LineItem> items = order.getLineItems();
        if (items == null || items.isEmpty()) {
            problems.add("the order has no line items");
            return;
        }
        int minimum = order.getOrderType() == OrderType.CHANGE_LICENSE_QUANTITY ? 0 : 1;
        for (int i = 0; i < items.size(); i++) {
            LineItem item = items.get(i);
            if (item.getOfferId() == null || item.getOfferId().isBlank()) {
                problems.add("line item " + (i + 1) + " has no offerId");
            }
            if (item.getQuantity() < minimum) {
                problems.add("line item " + (i + 1) + " (" + item.getOfferId() + ") has quantity " + item.getQuantity()
                        + (minimum == 0 ? ", which must not be negative" : ", which must be positive"));
            }
        }
    }

    private static void requirePresent(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        }
    }
}
