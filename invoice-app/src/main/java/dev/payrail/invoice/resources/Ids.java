package dev.payrail.invoice.resources;

/** Parses ids from paths and queries: a malformed id is a 400 naming the parameter, never a 404 or a 500. */
final class Ids {
    private Ids() {
    }

    static long positive(String name, String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw ApiException.invalid(name, name + " must be a positive integer, was '" + abbreviate(raw) + "'");
    }

    static long nonNegative(String name, String raw, long defaultValue) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw ApiException.invalid(name, name + " must be a non-negative integer, was '" + abbreviate(raw) + "'");
    }

    static int limit(String raw, int max) {
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw ApiException.invalid("limit", "limit must be an integer between 1 and " + max + ", was '"
                + abbreviate(raw) + "'");
    }

    static String abbreviate(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
