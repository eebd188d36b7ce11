package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChargeRequestTest {

    @Test
    void acceptsAValidRequest() {
        ChargeRequest request = new ChargeRequest("17", "42", 18404, "USD");

        assertThat(request.amount()).isEqualTo(18404);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, ChargeRequest.MAX_AMOUNT + 1})
    void refusesAmountsOutOfBoundsNamingTheField(long amount) {
        assertThatThrownBy(() -> new ChargeRequest("17", "42", amount, "USD"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("amount"))
                .hasMessageContaining("was " + amount);
    }

    @ParameterizedTest
    @ValueSource(strings = {"usd", "US", "USDD", "ABC", "XXX", "XAU", ""})
    void refusesCodesThatAreNotCurrenciesWithMinorUnits(String currency) {
        assertThatThrownBy(() -> new ChargeRequest("17", "42", 1, currency))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("currency"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "USD", "DKK", "SEK", "GBP", "JPY"})
    void acceptsIsoCurrencies(String currency) {
        assertThat(new ChargeRequest("17", "42", 1, currency).currency()).isEqualTo(currency);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 17", "cust\u00e9", "a/b", "x'; drop table charges;--",
        "12345678901234567890123456789012345678901234567890123456789012345"})
    void refusesIdentifiersOutsideTheSafeAlphabet(String id) {
        assertThatThrownBy(() -> new ChargeRequest(id, "42", 1, "USD"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("customerId"));
        assertThatThrownBy(() -> new ChargeRequest("17", id, 1, "USD"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("invoiceId"));
    }

    @Test
    void refusesMissingFields() {
        assertThatThrownBy(() -> new ChargeRequest(null, "42", 1, "USD")).hasMessage("customerId is required");
        assertThatThrownBy(() -> new ChargeRequest("17", "42", 1, null)).hasMessage("currency is required");
        assertThatThrownBy(() -> ChargeRequest.fromJson("17", "42", null, "USD")).hasMessage("amount is required");
    }

    @Test
    void minorUnitDigitsFollowIso4217() {
        assertThat(CurrencyCode.minorUnitDigits("EUR")).isEqualTo(2);
        assertThat(CurrencyCode.minorUnitDigits("JPY")).isZero();
    }
}
