package dev.payrail.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.provider.http.BodyLimitFilter;
import dev.payrail.provider.http.ExceptionMappers;
import dev.payrail.provider.http.ObjectMapperResolver;
import dev.payrail.provider.http.PaymentApiFeature;
import dev.payrail.server.RequestIdFilter;
import dev.payrail.server.RequestMetricsFilter;
import java.util.List;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jersey application: every resource, filter, feature and exception mapper, registered here and nowhere
 * else. Auto-discovery is off, so nothing on the class path can add behaviour behind our back (Jackson's own
 * exception mappers, which would answer bad JSON without problem+json, in particular).
 */
final class ProviderApplication extends ResourceConfig {
    private static final int OUTBOUND_BUFFER_BYTES = 2_048;

    ProviderApplication(List<Object> resources, ObjectMapper mapper, RequestMetricsFilter metrics,
            PaymentApiFeature paymentApi) {
        withLeanJersey(this);
        // Every body we send is well under 2 KiB; Jersey's default 8 KiB Content-Length buffer per response was
        // a large share of the allocation under load. Longer bodies are still sent, chunked.
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, OUTBOUND_BUFFER_BYTES);
        register(new ObjectMapperResolver(mapper));
        register(new RequestIdFilter());
        register(metrics);
        register(new BodyLimitFilter());
        register(paymentApi);
        ExceptionMappers.all().forEach(this::register);
        resources.forEach(this::register);
    }

    /**
     * Jersey as the provider runs it: nothing discovered from the class path, no WADL, no bean validation, and
     * Jackson without its own exception mappers. The benchmark's bare endpoint uses the same.
     */
    static ResourceConfig withLeanJersey(ResourceConfig config) {
        return config.property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.BV_FEATURE_DISABLE, true)
                .property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true)
                .register(JacksonFeature.withoutExceptionMappers());
    }
}
