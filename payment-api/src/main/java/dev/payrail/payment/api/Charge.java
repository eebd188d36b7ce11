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
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ch_018f2c3d4e5f3f9c1d2e8a7b4c5d",
                pattern = CHARGE_ID_PATTERN,
                description = "The provider's id: ch_, 12 hex digits of creation time in ms, 16 random hex digits "
                        + "(charges made before ids sorted by time have 16 hex digits)") String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SUCCEEDED or DECLINED; a decline is an "
                + "outcome, not an error") ChargeStatus status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "cust-17", pattern = Fields.IDENTIFIER_PATTERN,
                description = "As requested") String customerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "inv-42", pattern = Fields.IDENTIFIER_PATTERN,
                description = "As requested") String invoiceId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "18404", minimum = "1",
                maximum = "99999999999", format = "int64", description = "As requested, in minor units") long amount,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USD", pattern = CurrencyCode.PATTERN,
                description = "As requested") String currency,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "insufficient_funds", nullable = true,
                description = "Why a DECLINED charge was declined (insufficient_funds, card_declined, do_not_honor, "
                        + "expired_card); null on a SUCCEEDED one") String declineCode,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-21T10:15:30Z",
                description = "When the provider recorded the charge (UTC)") Instant createdAt) {

    /** What a charge id looks like on the wire (an anchored ECMA 262 / Java pattern). */
    public static final String CHARGE_ID_PATTERN = "^ch_[0-9a-f]{16,28}$";

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
