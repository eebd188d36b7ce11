package dev.payrail.provider.resources;

import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.CustomerRegistration;
import dev.payrail.payment.api.CustomersApi;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.InvalidFieldException;
import dev.payrail.provider.core.ChargeService;
import dev.payrail.provider.core.ProblemException;
import dev.payrail.provider.core.Registration;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.regex.Pattern;

/** {@link CustomersApi} over the {@link ChargeService}. */
public final class CustomersResource implements CustomersApi {
    /** The same rule as {@code customerId} in a charge request. */
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ChargeService service;

    public CustomersResource(ChargeService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public Response registerCustomer(String id, CustomerRegistration registration) {
        requireCustomerId(id);
        if (registration == null) {
            throw new InvalidFieldException("body", "a JSON body {\"currency\":\"EUR\"} is required");
        }
        Registration result = service.register(id, registration.currency());
        if (result instanceof Registration.Created created) {
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(created.customer()).build();
        }
        Customer existing = ((Registration.AlreadyRegistered) result).customer();
        return Response.ok(existing, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Override
    public Response getCustomer(String id) {
        return service.findCustomer(id)
                .map(customer -> Response.ok(customer, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseThrow(() -> ProblemException.of(ErrorCode.CUSTOMER_NOT_FOUND, "no customer with id " + id));
    }

    private static void requireCustomerId(String id) {
        if (id == null || !CUSTOMER_ID.matcher(id).matches()) {
            throw new InvalidFieldException("id",
                    "a customer id is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
    }
}
