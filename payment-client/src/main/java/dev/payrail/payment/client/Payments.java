package dev.payrail.payment.client;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import java.util.Optional;

/**
 * The payment provider as callers see it. Code against this interface: {@link PaymentClient} implements it over
 * HTTP, {@link dev.payrail.payment.client.testing.FakePayments} in memory for tests.
 *
 * <p>Every method throws only unchecked {@link PaymentException}s (and {@link NullPointerException} or
 * {@link IllegalArgumentException} for invalid arguments).
 */
public interface Payments {

    /**
     * Charges a customer. A decline is an outcome, not an error: the charge comes back
     * {@link dev.payrail.payment.api.ChargeStatus#DECLINED} with its decline code.
     *
     * <p>The key makes the call safe to repeat: the same key with the same request never charges twice and
     * answers the stored charge. Derive it from what is being paid (for example {@code inv-42-1}: invoice 42,
     * first payment attempt), never from the clock.
     *
     * @param request what to charge
     * @param key     the idempotency key of this charge
     * @return the charge, succeeded or declined
     * @throws CustomerNotFoundException    the provider does not know the customer
     * @throws CurrencyMismatchException    the customer is charged in another currency
     * @throws IdempotencyConflictException the key was used for another request, or its request is still running
     * @throws PaymentUnavailableException  the outcome is unknown; resolve it with {@link #findByIdempotencyKey}
     * @throws PaymentException             for the other failures of the family
     */
    Charge charge(ChargeRequest request, IdempotencyKey key);

    /**
     * The charge made with this idempotency key: how a caller learns the outcome of a {@link #charge} whose
     * answer it never received.
     *
     * @param key the key the charge was requested with
     * @return the charge, or empty when the provider made no charge with the key (so charging again with it is safe)
     * @throws IdempotencyConflictException the request with this key is still being processed
     * @throws PaymentException             for the other failures of the family
     */
    Optional<Charge> findByIdempotencyKey(IdempotencyKey key);

    /**
     * The charge with this id.
     *
     * @param chargeId the provider's id, {@code ch_...}
     * @return the charge, or empty when the provider has none with this id
     * @throws PaymentException when the provider cannot answer
     */
    Optional<Charge> findCharge(String chargeId);

    /**
     * Registers a customer and the only currency it can be charged in; repeating a registration in the same
     * currency is harmless and answers the existing customer.
     *
     * @param customerId the customer's id
     * @param currency   ISO 4217 code
     * @return the customer
     * @throws CurrencyMismatchException the customer is registered in another currency
     * @throws PaymentException          for the other failures of the family
     */
    Customer registerCustomer(String customerId, String currency);

    /**
     * The customer with this id.
     *
     * @param customerId the customer's id
     * @return the customer, or empty when the provider does not know it
     * @throws PaymentException when the provider cannot answer
     */
    Optional<Customer> findCustomer(String customerId);
}
