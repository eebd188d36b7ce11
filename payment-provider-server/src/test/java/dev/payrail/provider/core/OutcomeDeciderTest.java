package dev.payrail.provider.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.payment.api.IdempotencyKey;
import org.junit.jupiter.api.Test;

class OutcomeDeciderTest {

    @Test
    void outcomeIsAFunctionOfSeedAndKey() {
        OutcomeDecider one = new OutcomeDecider(0.5, 99);
        OutcomeDecider same = new OutcomeDecider(0.5, 99);
        for (int i = 0; i < 200; i++) {
            IdempotencyKey key = IdempotencyKey.of("k-" + i);
            assertThat(same.declineCodeFor(key)).isEqualTo(one.declineCodeFor(key));
        }
    }

    @Test
    void successShareFollowsTheRate() {
        OutcomeDecider decider = new OutcomeDecider(0.3, 7);
        int succeeded = 0;
        for (int i = 0; i < 10_000; i++) {
            if (decider.declineCodeFor(IdempotencyKey.of("k-" + i)) == null) {
                succeeded++;
            }
        }
        assertThat(succeeded).isBetween(2_800, 3_200);
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        OutcomeDecider a = new OutcomeDecider(0.5, 1);
        OutcomeDecider b = new OutcomeDecider(0.5, 2);
        int differences = 0;
        for (int i = 0; i < 100; i++) {
            IdempotencyKey key = IdempotencyKey.of("k-" + i);
            if (!java.util.Objects.equals(a.declineCodeFor(key), b.declineCodeFor(key))) {
                differences++;
            }
        }
        assertThat(differences).isGreaterThan(20);
    }
}
