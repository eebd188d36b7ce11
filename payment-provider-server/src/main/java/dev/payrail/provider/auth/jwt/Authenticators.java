package dev.payrail.provider.auth.jwt;

import dev.payrail.provider.auth.Authenticator;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the provider's authenticator from its configuration. */
public final class Authenticators {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

    private Authenticators() {
    }

    /**
     * JWT verification, or, for an explicit {@code AUTH_DISABLED=true}, an authenticator that lets every request
     * through, announced by a warning.
     */
    public static Authenticator fromConfig(AuthConfig config, Clock clock) {
        if (config.disabled()) {
            LOG.warn("AUTH_DISABLED=true: the payment API accepts every request WITHOUT authentication;"
                    + " never run this way outside a local test or benchmark");
            return Authenticator.disabled();
        }
        return JwtAuthenticator.create(config, clock);
    }
}
