import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

// Email clients ignore stylesheets and modern colour spaces: inline styles with hex colours only.
const colors = { brand: "#3d4fd4", brandDark: "#1e2a6b", text: "#0f172a", muted: "#64748b", border: "#e2e8f0", page: "#f8fafc" };
const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { backgroundColor: colors.page, fontFamily: font, margin: 0, padding: "24px 0" },
  container: { maxWidth: "560px", margin: "0 auto", padding: "0 16px" },
  wordmark: { color: colors.brandDark, fontSize: "20px", fontWeight: 700, letterSpacing: "-0.01em", margin: "0 0 16px" },
  card: { backgroundColor: "#ffffff", border: `1px solid ${colors.border}`, borderRadius: "12px", padding: "28px" },
  heading: { color: colors.text, fontSize: "22px", fontWeight: 700, lineHeight: "28px", margin: "0 0 16px" },
  paragraph: { color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: colors.brand,
    borderRadius: "8px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  small: { color: colors.muted, fontSize: "13px", lineHeight: "20px", margin: "0 0 8px" },
  url: { color: colors.brand, fontSize: "13px", lineHeight: "20px", wordBreak: "break-all" },
  footer: { color: colors.muted, fontSize: "12px", lineHeight: "18px", margin: "16px 0 0", textAlign: "center" },
} satisfies Record<string, CSSProperties>;

/** The frame every Specialistly email shares: wordmark, white card, footer. */
export function EmailLayout({ preview, heading, children }: { preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.wordmark}>Specialistly</Text>
          <Section style={styles.card}>
            <Heading as="h1" style={styles.heading}>
              {heading}
            </Heading>
            {children}
          </Section>
          <Text style={styles.footer}>Specialistly · Paid 1:1 sessions with experts, in your time zone.</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

export function SmallPrint({ children }: { children: ReactNode }) {
  return <Text style={styles.small}>{children}</Text>;
}

/** The call to action as a button, then the same URL as text for clients that hide or break buttons. */
export function ActionLink({ href, label }: { href: string; label: string }) {
  return (
    <>
      <Section style={{ margin: "8px 0 24px" }}>
        <Button href={href} style={styles.button}>
          {label}
        </Button>
      </Section>
      {/* The plain-text part already shows the URL next to the button label. */}
      <div data-skip-in-text="true">
        <SmallPrint>If the button doesn&apos;t work, copy this link into your browser:</SmallPrint>
        <Text style={{ margin: "0 0 16px" }}>
          <Link href={href} style={styles.url}>
            {href}
          </Link>
        </Text>
      </div>
    </>
  );
}

export function Divider() {
  return <Hr style={{ borderColor: colors.border, margin: "20px 0" }} />;
}

/** For mail one can opt out of: the same link as the List-Unsubscribe header. */
export function UnsubscribeNote({ href, what }: { href: string; what: string }) {
  return (
    <SmallPrint>
      Don&apos;t want {what} by email?{" "}
      <Link href={href} style={styles.url}>
        Unsubscribe with one click
      </Link>
      .
    </SmallPrint>
  );
}
