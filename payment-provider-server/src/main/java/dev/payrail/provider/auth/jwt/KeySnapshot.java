package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verification keys of one JWK Set, by {@code kid}, plus the RFC 7638 thumbprints of every key so a cached
 * verification can tell whether the key that made it is still trusted (a key replaced under the same kid counts
 * as removed).
 */
final class KeySnapshot {

    private final JWKSet source;
    private final Map<String, JWK> byKid;
    private final Set<String> thumbprints;

    private KeySnapshot(JWKSet source, Map<String, JWK> byKid, Set<String> thumbprints) {
        this.source = source;
        this.byKid = byKid;
        this.thumbprints = thumbprints;
    }

    static KeySnapshot of(JWKSet set) {
        Map<String, JWK> byKid = new HashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (JWK key : set.getKeys()) {
            String kid = key.getKeyID();
            // Keys without kid cannot take part in rotation; encryption keys are not ours to verify with.
            if (kid == null || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))) {
                continue;
            }
            if (byKid.putIfAbsent(kid, key.toPublicJWK()) != null) {
                duplicated.add(kid);
            }
        }
        // Two keys under one kid is ambiguous: trust neither rather than guess.
        duplicated.forEach(byKid::remove);
        Set<String> thumbprints = new HashSet<>();
        for (JWK key : byKid.values()) {
            thumbprints.add(thumbprint(key));
        }
        return new KeySnapshot(set, Map.copyOf(byKid), Set.copyOf(thumbprints));
    }

    static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the thumbprint of key " + key.getKeyID(), e);
        }
    }

    JWKSet source() {
        return source;
    }

    Optional<JWK> key(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    boolean trusts(String thumbprint) {
        return thumbprints.contains(thumbprint);
    }

    int size() {
        return byKid.size();
    }

    Set<String> keyIds() {
        return byKid.keySet();
    }
}
