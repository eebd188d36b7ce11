package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.payment.api.ErrorCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PaymentExceptionTest {

    @Test
    void theFamilyIsClosedAndEveryMemberIsFinal() {
        Set<String> permitted = Arrays.stream(PaymentException.class.getPermittedSubclasses())
                .peek(c -> assertThat(java.lang.reflect.Modifier.isFinal(c.getModifiers())).as(c.getName()).isTrue())
                .map(Class::getSimpleName).collect(Collectors.toSet());

        assertThat(permitted).containsExactlyInAnyOrder("CustomerNotFoundException", "CurrencyMismatchException",
                "AuthenticationException", "IdempotencyConflictException", "RateLimitedException",
                "InvalidRequestException", "PaymentUnavailableException");
        assertThat(RuntimeException.class).isAssignableFrom(PaymentException.class);
    }

    @Test
    void messageCarriesStatusCodeAndRequestId() {
        assertThat(new CustomerNotFoundException("customer 17 is not registered", "req_1"))
                .hasMessage("customer 17 is not registered (404 customer_not_found, request id req_1)");
        assertThat(new PaymentUnavailableException(0, "timeout", "payment-provider unavailable", null, null))
                .hasMessage("payment-provider unavailable (timeout, no request id)");
        assertThat(new RateLimitedException("slow down", "req_2", Duration.ofSeconds(3)).retryAfter())
                .contains(Duration.ofSeconds(3));
    }

    @Test
    void membersRefuseValuesTheyCannotCarry() {
        assertThatThrownBy(() -> new IdempotencyConflictException(ErrorCode.UNAVAILABLE, "x", null))
                .hasMessageContaining("idempotency_key_reused or idempotency_key_in_use");
        assertThatThrownBy(() -> new InvalidRequestException(500, "internal_error", null, "x", null))
                .hasMessage("status must be 4xx, was 500");
        assertThatThrownBy(() -> new PaymentUnavailableException(42, "x", "x", null, null))
                .hasMessageContaining("was 42");
    }
}
