/**
 * Test doubles for code that depends on {@link dev.payrail.payment.client.Payments}: use
 * {@link dev.payrail.payment.client.testing.FakePayments} in unit tests instead of a server.
 *
 * <p>This package ships inside payment-client rather than as a separate artifact because it is one small class
 * with no dependencies of its own: it adds nothing to a consumer's dependency tree, and it cannot fall out of
 * step with the client's version. Nothing in the client depends on it.
 */
package dev.payrail.payment.client.testing;
