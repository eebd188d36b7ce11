/**
 * The payrail payment SDK. Start at {@link dev.payrail.payment.client.PaymentClient}; code against
 * {@link dev.payrail.payment.client.Payments}; handle the {@link dev.payrail.payment.client.PaymentException}
 * family; supply credentials with a {@link dev.payrail.payment.client.TokenProvider}. The request and response
 * types come from {@code dev.payrail.payment.api}.
 */
package dev.payrail.payment.client;
