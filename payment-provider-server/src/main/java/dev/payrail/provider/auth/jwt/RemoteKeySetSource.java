package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWK Set fetched over https through nimbus's {@link JWKSourceBuilder}: cached for a time to live, refreshed when
 * it lapses, retried once on a network error, and re-fetched early when a token names an unknown kid, rate
 * limited so invented kids cannot turn into a flood of fetches. Time comes from the injected clock.
 *
 * <p>When a refresh fails, the keys last fetched stay trusted (the issuer's endpoint being briefly down must not
 * stop all payments); when nothing was ever fetched, every request is refused.
 */
final class RemoteKeySetSource implements KeySetSource {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeySetSource.class);
    static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(5);
    static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(15);

    private final URL url;
    private final Clock clock;
    private final JWKSetSource<SecurityContext> source;
    private volatile KeySnapshot snapshot;
    private volatile boolean failing;

    RemoteKeySetSource(URL url, ResourceRetriever retriever, Clock clock, Duration timeToLive,
                       Duration minRefreshInterval) {
        this.url = url;
        this.clock = clock;
        JWKSource<SecurityContext> built = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(timeToLive.toMillis(), REFRESH_TIMEOUT.toMillis())
                .refreshAheadCache(false)
                .rateLimited(minRefreshInterval.toMillis())
                .retrying(true)
                .build();
        if (!(built instanceof JWKSetBasedJWKSource<SecurityContext> setBased)) {
            throw new IllegalStateException("unexpected JWK source " + built.getClass().getName());
        }
        this.source = setBased.getJWKSetSource();
        try {
            current();
        } catch (KeySetUnavailableException e) {
            // Not fatal: the endpoint may come up after us. Requests are refused until it answers.
            LOG.warn("JWK Set {} is not reachable yet ({}); requests are refused until it is", url, e.getMessage());
        }
    }

    @Override
    public KeySnapshot current() {
        return fetch(JWKSetCacheRefreshEvaluator.noRefresh());
    }

    @Override
    public KeySnapshot refreshForUnknownKid(KeySnapshot stale) {
        try {
            return fetch(JWKSetCacheRefreshEvaluator.referenceComparison(stale.source()));
        } catch (KeySetUnavailableException e) {
            return stale;
        }
    }

    private KeySnapshot fetch(JWKSetCacheRefreshEvaluator evaluator) {
        KeySnapshot last = snapshot;
        try {
            JWKSet set = source.getJWKSet(evaluator, clock.millis(), null);
            if (failing) {
                failing = false;
                LOG.info("JWK Set {} is reachable again", url);
            }
            if (last != null && last.source() == set) {
                return last;
            }
            KeySnapshot next = KeySnapshot.of(set);
            snapshot = next;
            LOG.info("JWK Set {} fetched: trusting {} key(s): kid {}", url, next.size(), next.keyIds());
            return next;
        } catch (RateLimitReachedException e) {
            if (last == null) {
                throw new KeySetUnavailableException("JWK Set " + url + " unavailable: fetches are rate limited", e);
            }
            return last;
        } catch (KeySourceException e) {
            if (last == null) {
                throw new KeySetUnavailableException("JWK Set " + url + " unavailable: "
                        + FileKeySetSource.oneLine(e), e);
            }
            if (!failing) {
                failing = true;
                LOG.warn("JWK Set {} could not be refreshed ({}); still trusting the previous {} key(s): kid {}",
                        url, FileKeySetSource.oneLine(e), last.size(), last.keyIds());
            }
            return last;
        }
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            LOG.debug("closing the JWK Set source failed", e);
        }
    }
}
