package dev.payrail.invoice.api;

import dev.payrail.invoice.core.Customer;

/**
 * A customer as Antaeus served it: {@code {"id":1,"currency":"USD"}}.
 *
 * @param id       the customer id
 * @param currency the currency it is billed in
 */
public record CustomerJson(long id, String currency) {
    public static CustomerJson of(Customer customer) {
        return new CustomerJson(customer.id(), customer.currency());
    }
}
