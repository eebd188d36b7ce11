package dev.payrail.provider.core;

import dev.payrail.payment.api.Customer;

/** What happened when a customer was registered. */
public sealed interface Registration {
    /** A new account. */
    record Created(Customer customer) implements Registration {
    }

    /** The account existed with the same currency. */
    record AlreadyRegistered(Customer customer) implements Registration {
    }

    /** The account exists with another currency. */
    record CurrencyMismatch(Customer existing) implements Registration {
    }
}
