package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A charge as the provider recorded it.
 *
 * @param id          the provider's id, {@code ch_...}
 * @param status      {@link ChargeStatus#SUCCEEDED} or {@link ChargeStatus#DECLINED}
 * @param customerId  as requested
 * @param invoiceId   as requested
 * @param amount      as requested, in minor units
 * @param currency    as requested
 * @param declineCode why the charge was declined ({@code insufficient_funds}, ...); {@code null} on success
 * @param createdAt   when the provider recorded the charge
 */
@Schema(description = "A charge as the provider recorded it.")
public record Charge(
        @Schema(example = "ch_3f9c1d2e8a7b4c5d") String id,
        ChargeStatus status,
        @Schema(example = "17") String customerId,
        @Schema(example = "42") String invoiceId,
        @Schema(example = "18404") long amount,
        @Schema(example = "USD") String currency,
        @Schema(example = "insufficient_funds", nullable = true) String declineCode,
        @Schema(example = "2026-11-21T10:15:30Z") Instant createdAt) {

    public Charge {
        Fields.required("id", id);
        Fields.required("status", status);
        Fields.required("customerId", customerId);
        Fields.required("invoiceId", invoiceId);
        Fields.required("currency", currency);
        Fields.required("createdAt", createdAt);
        if (status == ChargeStatus.SUCCEEDED && declineCode != null) {
            throw new InvalidFieldException("declineCode", "a SUCCEEDED charge has no declineCode");
        }
        if (status == ChargeStatus.DECLINED && declineCode == null) {
            throw new InvalidFieldException("declineCode", "a DECLINED charge needs a declineCode");
        }
    }

    public boolean succeeded() {
        return status == ChargeStatus.SUCCEEDED;
    }
}
