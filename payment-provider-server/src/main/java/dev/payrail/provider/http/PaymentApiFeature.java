package dev.payrail.provider.http;

import dev.payrail.payment.api.ChargesApi;
import dev.payrail.payment.api.CustomersApi;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;

/**
 * Binds fault injection and authentication to the payment API ({@code /v1/*}) only, and the one-key rule to its
 * charges, by resource class rather than by path prefix, so no spelling of a path can reach a payment resource
 * around them. Health, metrics and the legacy endpoints stay open.
 */
public final class PaymentApiFeature implements DynamicFeature {
    private final FaultInjectionFilter faults;
    private final AuthenticationFilter authentication;
    private final SingleIdempotencyKeyFilter idempotencyKey = new SingleIdempotencyKeyFilter();

    public PaymentApiFeature(FaultInjectionFilter faults, AuthenticationFilter authentication) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> resource = resourceInfo.getResourceClass();
        if (ChargesApi.class.isAssignableFrom(resource) || CustomersApi.class.isAssignableFrom(resource)) {
            if (faults.isActive()) {
                context.register(faults);
            }
            context.register(authentication);
        }
        if (ChargesApi.class.isAssignableFrom(resource)) {
            context.register(idempotencyKey);
        }
    }
}
