package dev.payrail.provider.core;

import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The responses this process committed most recently, so that a replay (the common case: a client retrying after a
 * lost response) is answered without touching the database. Stored responses never change once committed, so the
 * cache cannot be stale; entries are honoured only until their key expires. Bounded, oldest evicted first.
 */
final class RecentResponses {
    private final int capacity;
    private final ConcurrentHashMap<String, StoredResponse> byKey = new ConcurrentHashMap<>();
    private final Queue<String> insertionOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    RecentResponses(int capacity) {
        this.capacity = capacity;
    }

    StoredResponse get(String key, Instant now) {
        StoredResponse response = byKey.get(key);
        return response == null || response.expiresAt().isBefore(now) ? null : response;
    }

    void put(String key, StoredResponse response) {
        if (byKey.putIfAbsent(key, response) == null) {
            insertionOrder.add(key);
            if (size.incrementAndGet() > capacity) {
                String oldest = insertionOrder.poll();
                if (oldest != null) {
                    byKey.remove(oldest);
                    size.decrementAndGet();
                }
            }
        }
    }
}
