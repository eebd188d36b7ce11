package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void acceptsPrintableAsciiUpToTheLimit() {
        assertThat(IdempotencyKey.of("inv-42-attempt-1").value()).isEqualTo("inv-42-attempt-1");
        assertThat(IdempotencyKey.of("k".repeat(255)).value()).hasSize(255);
        assertThat(IdempotencyKey.of("a b~!").value()).isEqualTo("a b~!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " lead", "trail ", "tab\there", "new\nline", "caf\u00e9", "nul\u0000"})
    void refusesKeysThatAreEmptyOrNotPrintableAscii(String key) {
        assertThatThrownBy(() -> IdempotencyKey.of(key))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("Idempotency-Key"));
    }

    @Test
    void refusesKeysOverTheLimitWithTheLength() {
        assertThatThrownBy(() -> IdempotencyKey.of("k".repeat(256))).hasMessageContaining("was 256");
    }

    @Test
    void refusesAMissingKey() {
        assertThatThrownBy(() -> IdempotencyKey.of(null)).hasMessage("Idempotency-Key header is required");
    }
}
