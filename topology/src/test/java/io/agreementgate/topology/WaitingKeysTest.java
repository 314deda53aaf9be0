package io.agreementgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys of the waiting-orders store: one per order, unambiguous per customer, and the customer recoverable. */
class WaitingKeysTest {
    @ParameterizedTest
    @CsvSource({
        "cust-contoso, order-1",
        "'3:a:b', order-1",
        "'a:b', 'c:d'",
        "12345678901, o",
        "'ü-kunde', 'bestellung:1'"
    })
    void shouldRecoverTheCustomerOfAPerOrderKey(String customer, String order) {
        String key = WaitingKeys.key(customer, order);

        assertThat(key).startsWith(WaitingKeys.prefix(customer));
        assertThat(WaitingKeys.customerOf(key)).isEqualTo(customer);
    }

    @ParameterizedTest
    @CsvSource({"cust-contoso", "'a:b'", "'3:abc'", "'0:x:'"})
    void shouldTakeAKeyWrittenBeforeThePerOrderLayoutAsItsCustomer(String customer) {
        assertThat(WaitingKeys.customerOf(customer)).isEqualTo(customer);
    }

    @ParameterizedTest
    @CsvSource({"'a', 'a:b'", "'1:a', '1'"})
    void shouldNotMatchAnotherCustomersOrdersByPrefix(String customer, String other) {
        assertThat(WaitingKeys.key(other, "order-1")).doesNotStartWith(WaitingKeys.prefix(customer));
    }
}
