package dev.payrail.payment.client.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** Reads a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}), EC or RSA. */
final class PemPrivateKey {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemPrivateKey() {
    }

    static PrivateKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read private key file " + file + ": " + e, e);
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " is not a PKCS#8 PEM private key (expected '" + BEGIN
                    + "'; convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName() + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " has invalid base64 between the PEM markers");
        }
        try {
            for (String algorithm : new String[] {"EC", "RSA"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    // try the next algorithm
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new IllegalArgumentException(file + " holds neither an EC nor an RSA PKCS#8 private key");
    }
}
