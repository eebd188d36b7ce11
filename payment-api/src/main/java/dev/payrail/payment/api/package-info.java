/**
 * The payment contract: the JAX-RS interfaces and immutable wire types shared by the payment provider
 * and the payment SDK. Nothing else defines the wire format.
 *
 * <p>Every value validates itself in its constructor, so an invalid request cannot exist past the edge
 * of the system; the failures are {@link dev.payrail.payment.api.InvalidFieldException}s naming the field.
 */
package dev.payrail.payment.api;
