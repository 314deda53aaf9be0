package io.agreementgate.topology.policy;

import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.OrderType;
import java.util.ArrayList;
import java.util.List;

/** Checks that an order is well formed; a malformed order is rejected with INVALID_ORDER and nothing else checked. */
public final class OrderValidator {

    /** @return one INVALID_ORDER reason per problem, empty when the order is well formed. */
    public List<OrderRejectionReason> validate(String recordKey, Order order) {
        List<String> problems = new ArrayList<>(0);
        requirePresent("orderId", order.getOrderId(), problems);
        requirePresent("customerId", order.getCustomerId(), problems);
        requirePresent("partnerId", order.getPartnerId(), problems);
        if (order.getIndirectProviderId() != null
                && order.getIndirectProviderId().isBlank()) {
            problems.add("indirectProviderId is blank: omit it (null) for a direct-bill partner");
        }
        if (recordKey != null && !recordKey.equals(order.getCustomerId())) {
            problems.add(
                    "record key '" + recordKey + "' is not the order's customerId '" + order.getCustomerId() + "'");
        }
        checkLineItems(order, problems);
        if (problems.isEmpty()) {
            return List.of();
        }
        List<OrderRejectionReason> reasons = new ArrayList<>(problems.size());
        for (String problem : problems) {
            reasons.add(new OrderRejectionReason(OrderRejectionCode.INVALID_ORDER, problem + "; correct and resend."));
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
