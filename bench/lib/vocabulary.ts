/** Word lists the generator draws from: plausible names and phrases, nothing real. */

const CLIENT_STEMS = [
  "Northwind", "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Soylent", "Hooli",
  "Vandelay", "Wonka", "Cyberdyne", "Aperture", "Massive", "Oscorp", "Gringotts", "Pied Piper", "Dunder", "Monarch",
  "Blue Sun", "Octan", "Rekall", "Virtucon", "Zorg", "Nakatomi", "Sirius", "Duff", "Krusty", "Prestige",
  "Bluth", "Sterling", "Cooper", "Lacroix", "Mooby", "Planet", "Ajax", "Vehement", "Atlas", "Ironwood",
];
const CLIENT_KINDS = ["Logistics", "Retail", "Health", "Bank", "Foods", "Media", "Energy", "Travel", "Labs", "Insurance"];
const CLIENT_FORMS = ["Ltd", "GmbH", "Inc", "SA", "BV"];

/** `count` distinct client names, always the same ones for the same count. */
export function clientNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const stem = CLIENT_STEMS[i % CLIENT_STEMS.length]!;
    const kind = CLIENT_KINDS[Math.floor(i / CLIENT_STEMS.length) % CLIENT_KINDS.length]!;
    const form = CLIENT_FORMS[Math.floor(i / (CLIENT_STEMS.length * CLIENT_KINDS.length)) % CLIENT_FORMS.length]!;
    const round = Math.floor(i / (CLIENT_STEMS.length * CLIENT_KINDS.length * CLIENT_FORMS.length));
    names.push(`${stem} ${kind} ${form}${round > 0 ? ` ${round + 1}` : ""}`);
  }
  return names;
}

const FIRST = [
  "Dana", "Lee", "Sam", "Priya", "Marcus", "Ana", "Tom", "Yuki", "Omar", "Eva", "Jonas", "Mia", "Ravi", "Chloe", "Ivan",
  "Lena", "Kofi", "Sara", "Noah", "Aiko", "Luis", "Nora", "Femi", "Ida", "Hugo", "Zoe", "Arjun", "Maya", "Pavel", "Ines",
];
const LAST = ["Whitfield", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad"];

/** `count` distinct owner names. */
export function ownerNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    names.push(`${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`);
  }
  return names;
}

export const INCIDENTS: Record<string, readonly string[]> = {
  "restore-trust": ["Escalation after repeated support delays", "Account review gone wrong", "Broken promise on the roadmap"],
  "service-outage": ["API outage", "Checkout down", "Login failures", "Slow dashboards", "Queue backlog"],
  "missed-deadline": ["Release slipped two weeks", "Migration late", "Report delivered late"],
  "billing-error": ["Double charge", "Invoice with wrong VAT", "Credit note missing"],
  "data-exposure": ["Export shared with the wrong tenant", "Misconfigured bucket", "Email sent to the wrong list"],
};

export const SHORT_TEXT = [
  "Orders shipped late and nobody told them",
  "The weekly report did not arrive",
  "Support answered after three days",
  "Their customers saw errors at checkout",
  "The invoice total was wrong",
  "We missed the agreed date",
  "Alerts did not page anyone",
  "The fix needs a schema change",
];

export const SENTENCES = [
  "They heard about it from their own customers first.",
  "The on-call engineer was paged late because the alert was misrouted.",
  "Their operations team worked late to call customers back.",
  "We agreed to send a written summary by tomorrow.",
  "They want a named contact rather than a ticket queue.",
  "The root cause is still being confirmed by the platform team.",
  "They asked for a credit, which needs approval from finance.",
  "Trust is shaken but they want to keep working with us.",
  "Their CFO is watching this closely.",
  "The workaround holds, and the permanent fix ships next week.",
];

export const LIST_ITEMS = [
  "Checkout failed for three hours",
  "About 300 orders were abandoned",
  "Their support line took 200 calls",
  "No data was lost",
  "The deploy at 09:05 stalled the workers",
  "The status page was not updated",
  "Two wholesale customers complained",
  "The issue is fixed since 11:40",
];

export const ACTION_ITEMS = [
  "Replay the failed orders",
  "Add an alert on queue depth",
  "Send the post-incident review",
  "Correct and reissue the invoice",
  "Book a check-in call",
  "Update the status page process",
  "Refund the double charge",
  "Share the new delivery plan",
  "Rotate the exposed credentials",
  "Brief the account team",
];

export const NOTES = [
  "They asked for the review in writing.",
  "Their CTO joined for the last ten minutes.",
  "Call moved to video halfway.",
  "Follow up on the credit approval.",
  "They mentioned a competitor twice.",
];

/** Values for prompts marked sensitive: contact details, the kind of thing --redact must hide. */
export const SENSITIVE = [
  "Priya Shah, priya.shah@example.com",
  "Call Sam on +44 20 7946 0958",
  "Credit of 2,500 EUR approved by finance",
  "Account 4711, contact ops@example.org",
];
