// Demo data: a believable, worldwide marketplace so every screen has something real to show
// (many zones incl. +05:30/+05:45/+09:30 offsets, zero-decimal JPY, free intro calls).
// Deterministic: fixed ids and timestamps, so a reseed gives the very same rows and URLs. Date
// overrides sit a few days after the seeding day (`now`), so the demo always has upcoming ones.
//
// The Node server and `npm run dev:edge` seed an empty database with it at start-up, `npm run
// db:seed` (scripts/seed.ts) wipes and reseeds, and tests use it. The password hasher is passed
// in: the scrypt one lives in platform/, which app/ may not import (ADR 0014).
import { inArray, sql } from "drizzle-orm";
import type { LanguageCode, SpecialtySlug } from "../domain/specialists/specialties";
import type { PasswordHasher } from "../domain/auth/password-hasher";
import { addDays, localDate } from "../domain/availability/calendar-week";
import type { Database } from "../../db/database";
import type { NewSessionType, NewSpecialist, NewUser } from "../../db/factories";
import {
  availabilityOverrides,
  availabilityWindows,
  bookingRules,
  credentials,
  sessionTypes,
  specialists,
  users,
  type UserRole,
} from "../../db/schema";

// ---------------------------------------------------------------------------------------------
// Demo accounts

export interface DemoAccount {
  email: string;
  role: UserRole;
  name: string;
}

/** Accounts to sign in with when exploring the demo (printed by `npm run db:seed`, listed in the README). */
export const demoAccounts = [
  { email: "customer@demo.specialistly.test", role: "customer", name: "Jordan Rivera" },
  { email: "specialist@demo.specialistly.test", role: "specialist", name: "Kenji Watanabe" },
  { email: "admin@demo.specialistly.test", role: "admin", name: "Morgan Lee" },
] as const satisfies readonly DemoAccount[];

const [demoCustomer, demoSpecialist, demoAdmin] = demoAccounts;

/**
 * Every seeded user signs in with this password. It is public (README, `npm run db:seed` output), which is
 * fine for demo data and is why `npm run db:seed` refuses to wipe a production database.
 */
export const demoPassword = "demo-specialistly-2026";

// ---------------------------------------------------------------------------------------------
// Demo specialists

interface DemoSessionType {
  title: string;
  minutes: number;
  /** In major units (e.g. 120 = $120.00, ¥8000); converted per currency on insert. */
  price: number;
  description: string;
}

interface DemoSpecialist {
  slug: string;
  name: string;
  email?: string;
  timezone: string;
  currency: string;
  languages: LanguageCode[];
  specialties: SpecialtySlug[];
  headline: string;
  /** Markdown paragraphs. */
  bio: string[];
  sessionTypes: DemoSessionType[];
  /** A newcomer waiting for an admin, so the approval queue has someone on first run; others are approved. */
  pending?: true;
}

function session(title: string, minutes: number, price: number, description: string): DemoSessionType {
  return { title, minutes, price, description };
}

function introCall(minutes: number, price = 0): DemoSessionType {
  return session(
    "Intro call",
    minutes,
    price,
    price === 0
      ? "A short, free call to get to know each other and see whether I am the right person to help."
      : "A short first call to understand where you are and agree on what we should work on.",
  );
}

function deepDive(price: number, title = "Deep dive"): DemoSessionType {
  return session(title, 60, price, "An hour on one topic of your choice. Send context beforehand so we can go straight to the substance.");
}

function strategySession(price: number, title = "Strategy session"): DemoSessionType {
  return session(title, 90, price, "Ninety minutes to step back, look at the whole picture and leave with a written plan of next steps.");
}

const demoSpecialists: DemoSpecialist[] = [
  {
    slug: "kenji-watanabe",
    name: demoSpecialist.name,
    email: demoSpecialist.email,
    timezone: "Asia/Tokyo",
    currency: "JPY",
    languages: ["ja", "en"],
    specialties: ["software-architecture", "leadership"],
    headline: "Principal engineer helping teams untangle distributed systems",
    bio: [
      "I have spent eighteen years building payment and logistics platforms in Tokyo, most recently as principal engineer at a marketplace handling millions of orders a day. I like systems that are boring to operate.",
      "In our sessions we look at **your** architecture: service boundaries, data ownership, queues and retries, and the migration path from where you are to where you need to be. Bring diagrams, ADRs or just a photo of a whiteboard.",
      "I also mentor new tech leads on running design reviews and on saying no to rewrites. Sessions in Japanese or English.",
    ],
    sessionTypes: [introCall(20), deepDive(15_000, "Architecture review"), strategySession(22_000)],
  },
  {
    slug: "haruka-sato",
    name: "Haruka Sato",
    timezone: "Asia/Tokyo",
    currency: "JPY",
    languages: ["ja", "en"],
    specialties: ["ux-design", "product-management"],
    headline: "Product designer for calm, accessible consumer apps",
    bio: [
      "I lead design at a health-tech startup in Shibuya. Before that I designed banking apps used by older customers all over Japan, which is the best training in clarity I know.",
      "Bring a flow, a prototype or a Figma file. We will walk through it the way your users will, find the moments where they hesitate, and leave with a prioritised list of fixes.",
    ],
    sessionTypes: [
      session("Portfolio review", 30, 4_000, "Thirty minutes of candid feedback on your portfolio and how you present your work."),
      deepDive(12_000, "Design critique"),
    ],
  },
  {
    slug: "yuki-nakamura",
    name: "Yuki Nakamura",
    timezone: "Asia/Tokyo",
    currency: "JPY",
    languages: ["ja", "en", "ko"],
    specialties: ["language-tutoring"],
    headline: "Japanese tutor: conversation, business Japanese and JLPT prep",
    bio: [
      "I have taught Japanese for eleven years, first at a language school in Osaka and now online to learners in more than thirty countries.",
      "Lessons are built around what you need: keigo for your new job, confidence in everyday conversation, or a plan to pass JLPT N3–N1. After every lesson I send a short summary and a vocabulary list.",
      "Beginners are welcome to ask questions in English or Korean.",
    ],
    sessionTypes: [
      session("Trial lesson", 30, 1_500, "A short lesson to find your level and agree on goals."),
      session("Conversation lesson", 60, 4_500, "An hour of guided conversation with corrections and new expressions."),
      session("JLPT exam coaching", 90, 8_000, "Focused practice on reading, listening and grammar for your JLPT level."),
    ],
  },
  {
    slug: "priya-raman",
    name: "Priya Raman",
    timezone: "Asia/Kolkata",
    currency: "INR",
    languages: ["en", "hi", "ta"],
    specialties: ["data-science", "career-coaching"],
    headline: "ML lead mentoring data scientists into senior roles",
    bio: [
      "I lead a machine-learning team in Bengaluru working on fraud detection. Before that I built recommendation systems for an e-commerce company in Chennai.",
      "I help with two things: **technical depth** (model evaluation, experiment design, getting models into production) and **career moves** (portfolio, interviews, the jump from analyst to ML engineer).",
      "Many of the people I mentor are switching careers. If that is you, come with your current CV and a description of the role you want next.",
    ],
    sessionTypes: [
      introCall(15),
      session("Mock interview", 60, 3_500, "A realistic ML interview (technical or system design) followed by detailed feedback."),
      strategySession(5_000, "Career strategy session"),
    ],
  },
  {
    slug: "arjun-mehta",
    name: "Arjun Mehta",
    timezone: "Asia/Kolkata",
    currency: "INR",
    languages: ["en", "hi"],
    specialties: ["tax-accounting", "personal-finance", "startup-fundraising"],
    headline: "Chartered accountant for founders and freelancers in India",
    bio: [
      "I am a chartered accountant in Mumbai. My practice focuses on early-stage startups and independent professionals.",
      "Typical questions: GST registration and filings, ESOP taxation, structuring a seed round, invoicing foreign clients, and whether to stay a sole proprietor. I explain the options plainly and tell you when you need a formal engagement instead.",
    ],
    sessionTypes: [
      session("Tax consultation", 45, 3_000, "Forty-five minutes on your tax and compliance questions, with a written summary."),
      strategySession(7_500, "Fundraising readiness review"),
    ],
  },
  {
    slug: "sita-shrestha",
    name: "Sita Shrestha",
    timezone: "Asia/Kathmandu",
    currency: "USD",
    languages: ["ne", "en", "hi"],
    specialties: ["nutrition", "fitness-coaching"],
    headline: "Registered dietitian: practical plans around South Asian food",
    bio: [
      "I am a registered dietitian based in Kathmandu. I trained in clinical nutrition and spent five years in a diabetes clinic before going independent.",
      "Eating well should not mean giving up dal bhat. Together we build a plan around the food you already love, your schedule and your goals, whether that is blood sugar, weight, energy or training.",
      "Sessions are in Nepali, Hindi or English.",
    ],
    sessionTypes: [
      introCall(20),
      session("Nutrition consultation", 60, 45, "A full review of your eating habits and goals, and a plan you can start the next day."),
    ],
  },
  {
    slug: "maya-goldberg",
    name: "Maya Goldberg",
    timezone: "America/New_York",
    currency: "USD",
    languages: ["en", "es"],
    specialties: ["startup-fundraising", "leadership"],
    headline: "Former VC partner: pitch decks, term sheets and board dynamics",
    bio: [
      "I spent nine years as a partner at a New York seed fund, led more than forty investments and sat on a dozen boards. Now I advise founders from the other side of the table.",
      "I can help you sharpen your narrative and deck, model the round, find the right investors, and read a term sheet line by line before you sign it.",
      "After the round, I work with CEOs on their first board meetings and on building a leadership team that can scale.",
    ],
    sessionTypes: [introCall(30, 75), deepDive(250, "Pitch deck teardown"), strategySession(375, "Fundraising strategy")],
  },
  {
    slug: "marcus-johnson",
    name: "Marcus Johnson",
    timezone: "America/New_York",
    currency: "USD",
    languages: ["en"],
    specialties: ["career-coaching", "public-speaking"],
    headline: "Career coach for mid-career professionals ready for what's next",
    bio: [
      "I was an HR director at two Fortune 500 companies before I started coaching. I have read tens of thousands of résumés and sat on more promotion committees than I can count.",
      "Together we get clear on what you want, tell your story in a way hiring managers remember, and practise interviews and salary conversations until they feel natural.",
    ],
    sessionTypes: [
      introCall(15),
      deepDive(120, "Coaching session"),
      session("Mock interview", 45, 95, "A realistic interview for the role you are targeting, with honest, specific feedback."),
    ],
  },
  {
    slug: "chiamaka-okafor",
    name: "Chiamaka Okafor",
    timezone: "Africa/Lagos",
    currency: "USD",
    languages: ["en", "yo"],
    specialties: ["marketing-growth", "product-management"],
    headline: "Growth lead who scaled fintech products across West Africa",
    bio: [
      "I led growth at a Lagos fintech from 10,000 to 2 million users, most of it through referrals and partnerships rather than paid ads.",
      "I help early-stage teams find the one or two channels that actually work for them, set up honest metrics, and run experiments every week instead of every quarter.",
      "I especially enjoy products built for emerging markets, where USSD, agent networks and WhatsApp matter as much as the app stores.",
    ],
    sessionTypes: [deepDive(90, "Growth audit"), strategySession(140)],
  },
  {
    slug: "emily-chen",
    name: "Emily Chen",
    timezone: "America/Los_Angeles",
    currency: "USD",
    languages: ["en", "zh"],
    specialties: ["product-management", "career-coaching"],
    headline: "Group PM in Silicon Valley: product sense, strategy and PM interviews",
    bio: [
      "I am a group product manager at a large consumer tech company in the Bay Area, and I have hired and coached more than thirty PMs.",
      "Sessions are practical. We work on a real roadmap, a product spec or a tricky stakeholder situation, or we run a full PM interview loop with candid feedback.",
      "我也可以用中文交流。",
    ],
    sessionTypes: [
      introCall(20),
      session("PM mock interview", 60, 150, "Product sense, execution or strategy questions, run like the real thing, then a debrief."),
      strategySession(220, "Product strategy session"),
    ],
  },
  {
    slug: "diego-hernandez",
    name: "Diego Hernández",
    timezone: "America/Mexico_City",
    currency: "USD",
    languages: ["es", "en"],
    specialties: ["data-science", "software-architecture"],
    headline: "Data platform architect: from spreadsheets to a warehouse you trust",
    bio: [
      "I design data platforms for retail and logistics companies across Latin America. Over the last decade I have moved many businesses from nightly CSV exports to pipelines they can trust.",
      "We can talk about choosing a warehouse, dbt models, event tracking, data contracts, or simply how to stop your dashboards from disagreeing with each other.",
    ],
    sessionTypes: [deepDive(110), strategySession(160, "Architecture review")],
  },
  {
    slug: "sophie-williams",
    name: "Sophie Williams",
    timezone: "Europe/London",
    currency: "GBP",
    languages: ["en", "fr"],
    specialties: ["legal-advice", "career-coaching"],
    headline: "Employment solicitor: contracts, disputes and exits in England & Wales",
    bio: [
      "I am a solicitor with twelve years' experience in employment law, first at a City firm and now in my own practice.",
      "I help employees and small employers understand where they stand: reviewing a contract or settlement agreement, navigating a grievance or redundancy, or planning a fair process before it turns into a dispute.",
      "_A session gives general guidance on your situation; formal advice and representation are agreed separately in writing._",
    ],
    sessionTypes: [
      introCall(15),
      session("Contract review", 60, 180, "A walk through your employment contract or settlement agreement, clause by clause."),
    ],
  },
  {
    slug: "oliver-bennett",
    name: "Oliver Bennett",
    timezone: "Europe/London",
    currency: "GBP",
    languages: ["en"],
    specialties: ["tax-accounting", "personal-finance"],
    headline: "Chartered tax adviser for freelancers and small UK companies",
    bio: [
      "Self Assessment, VAT, limited company or sole trader, paying yourself tax-efficiently, pensions for the self-employed: these are my everyday topics.",
      "I qualified at one of the Big Four firms and have run a small practice in Manchester for eight years. I like turning a shoebox of receipts into a plan.",
    ],
    sessionTypes: [
      session(
        "Tax health check",
        45,
        85,
        "A structured look at your tax position with a checklist of what to do before the next deadline.",
      ),
      deepDive(110),
    ],
  },
  {
    slug: "amara-nwosu",
    name: "Amara Nwosu",
    timezone: "Europe/London",
    currency: "GBP",
    languages: ["en"],
    specialties: ["public-speaking", "leadership"],
    headline: "Speaking coach for leaders who'd rather be anywhere but on stage",
    bio: [
      "I coach executives, founders and engineers to speak with clarity at all-hands meetings, conferences, investor pitches and difficult one-to-ones.",
      "As a former BBC radio producer, I know how to find the story in a topic and make it land in the first thirty seconds.",
      "Every session includes practice on camera, with specific, kind and honest feedback.",
    ],
    sessionTypes: [
      introCall(20, 25),
      session("Speaking practice", 60, 140, "Rehearse a talk or a tough conversation and get precise feedback on structure and delivery."),
      session("Talk preparation intensive", 120, 260, "Two hours to shape a keynote or pitch from outline to a confident run-through."),
    ],
  },
  {
    slug: "lena-fischer",
    name: "Lena Fischer",
    timezone: "Europe/Berlin",
    currency: "EUR",
    languages: ["de", "en"],
    specialties: ["ux-design", "product-management"],
    headline: "UX researcher: learn what your users actually need, fast",
    bio: [
      "I have run user research for mobility and e-commerce products in Berlin for ten years, from guerrilla tests in train stations to month-long diary studies.",
      "I help teams without a research function plan their first studies, write good interview guides, recruit the right participants, and turn findings into decisions.",
    ],
    sessionTypes: [introCall(30), deepDive(120, "Research planning"), strategySession(170)],
  },
  {
    slug: "jonas-becker",
    name: "Jonas Becker",
    timezone: "Europe/Berlin",
    currency: "EUR",
    languages: ["de", "en"],
    specialties: ["data-science", "software-architecture"],
    headline: "MLOps engineer: get your models out of notebooks and into production",
    bio: [
      "I build machine-learning infrastructure for an insurance company in Berlin: feature stores, model registries, monitoring, and the unglamorous glue between them.",
      "Bring your notebook, your deployment headache or your cloud bill. We will find the smallest set of tools that gets a model reliably into production and keeps it honest once it is there.",
    ],
    sessionTypes: [deepDive(130)],
  },
  {
    slug: "camille-laurent",
    name: "Camille Laurent",
    timezone: "Europe/Paris",
    currency: "EUR",
    languages: ["fr", "en"],
    specialties: ["marketing-growth", "career-coaching"],
    headline: "Brand strategist for independent makers and small studios",
    bio: [
      "After ten years in Paris agencies working for luxury and food brands, I now help small businesses find a voice that sounds like them.",
      "We work on positioning, naming, website copy and a content rhythm you can actually keep up. I also coach marketers who want to go freelance.",
      "Séances en français ou en anglais.",
    ],
    sessionTypes: [
      introCall(20),
      session("Brand workshop", 90, 190, "A working session on positioning and messaging, with a one-page brand summary afterwards."),
    ],
  },
  {
    slug: "lucia-fernandez",
    name: "Lucía Fernández",
    timezone: "Europe/Madrid",
    currency: "EUR",
    languages: ["es", "en", "fr"],
    specialties: ["language-tutoring"],
    headline: "Spanish tutor: real conversations from your very first lesson",
    bio: [
      "I am a certified teacher of Spanish as a foreign language from Seville, now living in Madrid. I teach everyone from complete beginners to DELE C1 candidates.",
      "My lessons are conversation-first: we talk about things you care about, and grammar shows up when you need it. Every lesson ends with notes and a few phrases to practise.",
      "Preparing a move to Spain or Latin America? We can cover the vocabulary of rentals, banks and paperwork too.",
    ],
    sessionTypes: [
      session("Trial lesson", 30, 10, "Meet me, find your level and plan your first month of lessons."),
      session("Conversation lesson", 60, 35, "An hour of conversation on topics you choose, with corrections and notes."),
      session("DELE exam coaching", 90, 50, "Timed practice and feedback for the DELE exam at your level."),
    ],
  },
  {
    slug: "giulia-romano",
    name: "Giulia Romano",
    timezone: "Europe/Rome",
    currency: "EUR",
    languages: ["it", "en"],
    specialties: ["nutrition", "fitness-coaching"],
    headline: "Sports nutritionist for runners, cyclists and busy amateurs",
    bio: [
      "I am a nutrition biologist in Bologna working with endurance athletes, from first-time marathoners to regional cycling teams.",
      "We look at what you eat on training days, race days and the days in between, and build a plan that fuels performance without turning food into a spreadsheet.",
    ],
    sessionTypes: [
      introCall(15),
      session(
        "Nutrition plan session",
        60,
        70,
        "We review your training load and diet and put together a fuelling plan for the next block.",
      ),
    ],
  },
  {
    slug: "rafael-souza",
    name: "Rafael Souza",
    timezone: "America/Sao_Paulo",
    currency: "BRL",
    languages: ["pt", "es", "en"],
    specialties: ["startup-fundraising", "marketing-growth"],
    headline: "Founder and angel investor: from first customers to Series A in Brazil",
    bio: [
      "I co-founded two SaaS companies in São Paulo (one acquired, one still growing) and now invest in early-stage startups across Latin America.",
      "I help founders with B2B go-to-market in Brazil, pricing, hiring the first sales team, and preparing for conversations with local and international investors.",
      "Sessões em português, espanhol ou inglês.",
    ],
    sessionTypes: [introCall(30), deepDive(450, "Mentoring session"), strategySession(650, "Fundraising strategy")],
  },
  {
    slug: "beatriz-almeida",
    name: "Beatriz Almeida",
    timezone: "America/Sao_Paulo",
    currency: "BRL",
    languages: ["pt", "en"],
    specialties: ["fitness-coaching", "nutrition"],
    headline: "Strength coach for busy people who train at home",
    bio: [
      "I am a physical educator and strength coach in Rio de Janeiro with a background in physiotherapy clinics.",
      "Three thirty-minute workouts a week are enough to get strong. I design home and gym programmes around your equipment, your injuries and your calendar, and adjust them as you progress.",
    ],
    sessionTypes: [
      session("Movement assessment", 45, 150, "We check mobility, strength and any old injuries, then set realistic goals."),
      deepDive(200, "Coaching session"),
    ],
  },
  {
    slug: "liam-oconnor",
    name: "Liam O'Connor",
    timezone: "Australia/Sydney",
    currency: "AUD",
    languages: ["en"],
    specialties: ["leadership", "career-coaching"],
    headline: "Leadership coach for first-time engineering managers",
    bio: [
      "I went from software engineer to engineering director at a Sydney scale-up and learnt most lessons the hard way. Now I help new managers learn them faster.",
      "Common topics: your first ninety days, one-on-ones that are not status updates, giving feedback, managing former peers, and protecting your team's focus.",
      "I work with managers across Australia, New Zealand and Asia, so early-morning and evening times are available.",
    ],
    sessionTypes: [introCall(20), deepDive(180, "Coaching session"), strategySession(260)],
  },
  {
    slug: "mia-nguyen",
    name: "Mia Nguyen",
    timezone: "Australia/Sydney",
    currency: "AUD",
    languages: ["en", "vi"],
    specialties: ["ux-design", "product-management"],
    headline: "Service designer fixing the journeys between your screens",
    bio: [
      "I design services for government and healthcare in Australia, where the hardest problems sit between a website, a call centre and a paper form.",
      "I help product teams map the whole journey, find where people fall through the cracks, and prototype fixes that work for frontline staff too.",
    ],
    sessionTypes: [
      deepDive(150),
      session("Journey mapping workshop", 120, 280, "A two-hour remote workshop to map one end-to-end journey with your team."),
    ],
  },
  {
    slug: "jiwoo-park",
    name: "Ji-woo Park",
    timezone: "Asia/Seoul",
    currency: "USD",
    languages: ["ko", "en"],
    specialties: ["data-science", "software-architecture"],
    headline: "Applied scientist in NLP: practical help with LLM projects",
    bio: [
      "I work as an applied scientist on search and language models in Seoul. Before that I did a PhD in computational linguistics.",
      "If you are building with large language models, I can help you design evaluations, choose between prompting, retrieval and fine-tuning, and keep cost and latency under control.",
      "한국어 또는 영어로 진행합니다.",
    ],
    sessionTypes: [introCall(15), deepDive(140)],
  },
  {
    slug: "amina-yusuf",
    name: "Amina Yusuf",
    timezone: "Africa/Nairobi",
    currency: "USD",
    languages: ["sw", "en", "ar"],
    specialties: ["legal-advice", "startup-fundraising"],
    headline: "Startup lawyer: incorporation, contracts and investment deals in East Africa",
    bio: [
      "I am an advocate of the High Court of Kenya advising startups across East Africa on incorporation, shareholder agreements, employment contracts and investment rounds.",
      "I help founders understand SAFEs, convertible notes and term sheets before they sign, and set up their company so that investors can say yes quickly.",
      "_Sessions give general guidance; drafting and representation are agreed separately._",
    ],
    sessionTypes: [
      introCall(20),
      deepDive(120, "Legal consultation"),
      session("Term sheet review", 90, 180, "We go through your term sheet or SAFE clause by clause and list what to negotiate."),
    ],
  },
  {
    slug: "mehmet-yilmaz",
    name: "Mehmet Yılmaz",
    timezone: "Europe/Istanbul",
    currency: "EUR",
    languages: ["tr", "en", "de"],
    specialties: ["software-architecture", "leadership"],
    headline: "Backend architect: scaling monoliths without a big-bang rewrite",
    bio: [
      "I have built backends for e-commerce and gaming companies in Istanbul and Munich for fifteen years, mostly in Java and Go.",
      "My speciality is the modular monolith: splitting a large codebase into clear modules, fixing database hot spots, and extracting services only where it pays off.",
    ],
    sessionTypes: [deepDive(100, "Architecture review"), strategySession(150)],
  },
  {
    slug: "fatima-al-sayed",
    name: "Fatima Al-Sayed",
    timezone: "Asia/Dubai",
    currency: "USD",
    languages: ["ar", "en"],
    specialties: ["personal-finance", "tax-accounting"],
    headline: "Independent financial planner for expats in the Gulf",
    bio: [
      "I am a certified financial planner in Dubai. Most of my clients are expatriates earning tax-free income today who want to be sure it turns into long-term security.",
      "We cover budgeting, emergency funds, end-of-service benefits, investing across currencies, and what to consider before moving home or retiring abroad.",
      "I do not sell financial products or take commissions, so my only job is your plan.",
    ],
    sessionTypes: [introCall(20), strategySession(200, "Financial planning session")],
  },
  {
    slug: "siti-rahmawati",
    name: "Siti Rahmawati",
    timezone: "Asia/Jakarta",
    currency: "USD",
    languages: ["id", "en"],
    specialties: ["marketing-growth"],
    headline: "Social commerce specialist for Southeast Asian brands",
    bio: [
      "I have helped more than fifty brands in Indonesia sell through TikTok Shop, Instagram and marketplaces such as Tokopedia and Shopee.",
      "We look at your content, your live-selling routine and your numbers, and pick the few changes that will move sales this month.",
    ],
    sessionTypes: [introCall(15), deepDive(60)],
  },
  {
    slug: "tom-clarke",
    name: "Tom Clarke",
    timezone: "Australia/Adelaide",
    currency: "AUD",
    languages: ["en"],
    specialties: ["public-speaking", "career-coaching"],
    headline: "Presentation coach for engineers, scientists and analysts",
    bio: [
      "I spent twenty years as a mining engineer presenting to boards, regulators and communities before becoming a full-time presentation coach in Adelaide.",
      "I help technical experts explain complex work to the people who have to decide on it: simpler slides, a clear structure, and answers to the question behind the question.",
    ],
    sessionTypes: [
      session("Speaking practice", 60, 150, "Rehearse your next presentation and get concrete feedback on content and delivery."),
    ],
  },
  {
    slug: "anna-kowalska",
    name: "Anna Kowalska",
    timezone: "Europe/Warsaw",
    currency: "EUR",
    languages: ["pl", "en", "de"],
    specialties: ["product-management", "leadership"],
    headline: "Head of Product helping scale-ups build strong product teams",
    bio: [
      "I am head of product at a logistics scale-up in Warsaw, and before that I grew the product team of a Berlin travel startup from two people to twenty.",
      "Ask me about setting up product discovery, writing a strategy your team actually reads, hiring PMs, and working with engineering leaders as equals.",
    ],
    sessionTypes: [introCall(30), deepDive(110), strategySession(160)],
  },
  {
    slug: "noor-haddad",
    name: "Noor Haddad",
    timezone: "Asia/Dubai",
    currency: "USD",
    languages: ["ar", "en"],
    specialties: ["startup-fundraising"],
    headline: "Former VC helping first-time founders prepare their seed round",
    bio: [
      "I spent six years as an investor at a Dubai seed fund, reading thousands of decks and sitting on the other side of hundreds of pitches.",
      "Bring your deck and your numbers: we will sharpen the story, stress-test the model and plan who to talk to first.",
    ],
    sessionTypes: [introCall(20), deepDive(180, "Pitch deck review")],
    pending: true,
  },
];

// ---------------------------------------------------------------------------------------------
// Demo availability: weekly hours in each specialist's own zone, booking rules, date overrides

/** Local "HH:MM" pairs; "24:00" runs until midnight. */
type Hours = readonly (readonly [start: string, end: string])[];
/** ISO weekdays (1 = Monday … 7 = Sunday) sharing the same hours. */
type WeeklyHours = readonly { days: readonly number[]; hours: Hours }[];

const weekdaysOnly = [1, 2, 3, 4, 5];

const hoursPatterns = {
  officeHours: [
    {
      days: weekdaysOnly,
      hours: [
        ["09:00", "12:00"],
        ["13:00", "17:00"],
      ],
    },
  ],
  mornings: [
    { days: weekdaysOnly, hours: [["07:30", "11:30"]] },
    { days: [6], hours: [["09:00", "12:00"]] },
  ],
  evenings: [
    { days: [1, 2, 3, 4], hours: [["18:00", "21:00"]] },
    { days: [6], hours: [["10:00", "14:00"]] },
  ],
  weekends: [
    {
      days: [6, 7],
      hours: [
        ["09:00", "13:00"],
        ["15:00", "18:00"],
      ],
    },
    { days: [3], hours: [["18:30", "21:00"]] },
  ],
  lateNights: [{ days: [2, 3, 4, 5, 6], hours: [["20:00", "24:00"]] }],
  longDays: [
    { days: [2, 3, 4], hours: [["10:00", "18:00"]] },
    { days: [5], hours: [["10:00", "14:00"]] },
  ],
  splitShifts: [
    {
      days: [1, 3, 5],
      hours: [
        ["07:00", "10:00"],
        ["16:00", "19:00"],
      ],
    },
    { days: [2, 4], hours: [["12:00", "15:00"]] },
  ],
  aroundTheWorkday: [
    {
      days: weekdaysOnly,
      hours: [
        ["06:30", "08:30"],
        ["19:00", "21:30"],
      ],
    },
  ],
} satisfies Record<string, WeeklyHours>;

type HoursPattern = keyof typeof hoursPatterns;

/** Each specialist's week, chosen to fit their story (day jobs get evenings or weekends). */
const demoHours: Record<string, HoursPattern> = {
  "kenji-watanabe": "officeHours",
  "haruka-sato": "longDays",
  "yuki-nakamura": "evenings",
  "priya-raman": "evenings",
  "arjun-mehta": "officeHours",
  "sita-shrestha": "mornings",
  "maya-goldberg": "officeHours",
  "marcus-johnson": "splitShifts",
  "chiamaka-okafor": "longDays",
  "emily-chen": "weekends",
  "diego-hernandez": "officeHours",
  "sophie-williams": "officeHours",
  "oliver-bennett": "longDays",
  "amara-nwosu": "mornings",
  "lena-fischer": "officeHours",
  "jonas-becker": "lateNights",
  "camille-laurent": "splitShifts",
  "lucia-fernandez": "evenings",
  "giulia-romano": "mornings",
  "rafael-souza": "longDays",
  "beatriz-almeida": "splitShifts",
  "liam-oconnor": "aroundTheWorkday",
  "mia-nguyen": "officeHours",
  "jiwoo-park": "lateNights",
  "amina-yusuf": "officeHours",
  "mehmet-yilmaz": "evenings",
  "fatima-al-sayed": "longDays",
  "siti-rahmawati": "weekends",
  "tom-clarke": "officeHours",
  "anna-kowalska": "evenings",
  "noor-haddad": "officeHours",
};

type NewBookingRules = typeof bookingRules.$inferInsert;
type DemoRules = Omit<NewBookingRules, "specialistId" | "updatedAt">;

/** Handed out in turn, so neighbouring specialists differ. */
const demoRuleSets: DemoRules[] = [
  {
    minNoticeMinutes: 240,
    horizonDays: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    slotIntervalMinutes: 30,
    dailyCap: null,
    cancellationDeadlineHours: 24,
    lateCancellationRefundPercent: 0,
  },
  {
    minNoticeMinutes: 1440,
    horizonDays: 90,
    bufferBeforeMinutes: 15,
    bufferAfterMinutes: 15,
    slotIntervalMinutes: 60,
    dailyCap: 4,
    cancellationDeadlineHours: 48,
    lateCancellationRefundPercent: 50,
  },
  {
    minNoticeMinutes: 120,
    horizonDays: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotIntervalMinutes: 15,
    dailyCap: null,
    cancellationDeadlineHours: 12,
    lateCancellationRefundPercent: 0,
  },
  {
    minNoticeMinutes: 720,
    horizonDays: 60,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    slotIntervalMinutes: 30,
    dailyCap: 6,
    cancellationDeadlineHours: 24,
    lateCancellationRefundPercent: 50,
  },
  {
    minNoticeMinutes: 180,
    horizonDays: 45,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    slotIntervalMinutes: 60,
    dailyCap: 3,
    cancellationDeadlineHours: 24,
    lateCancellationRefundPercent: 0,
  },
];

/** "HH:MM" → minutes after midnight ("24:00" → 1440). */
function minuteOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
}

type NewWindow = typeof availabilityWindows.$inferInsert;
type NewOverride = typeof availabilityOverrides.$inferInsert;

function demoWindows(slug: string, specialistId: string): NewWindow[] {
  const pattern = hoursPatterns[demoHours[slug] ?? "officeHours"];
  const windows = pattern.flatMap(({ days, hours }) =>
    days.flatMap((weekday) => hours.map(([start, end]) => ({ weekday, startMinute: minuteOf(start), endMinute: minuteOf(end) }))),
  );
  return windows
    .sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute)
    .map((window, index) => ({ id: demoId(`window:${slug}:${index}`), specialistId, ...window }));
}

/**
 * A day off one to two and a half weeks after the seeding day and, for every third
 * specialist, a short day in the coming week: dates local to the specialist's zone.
 */
function demoOverrides(slug: string, specialistId: string, index: number, today: string): NewOverride[] {
  const rows: Omit<NewOverride, "id" | "specialistId">[] = [{ date: addDays(today, 8 + (index % 10)), startMinute: null, endMinute: null }];
  if (index % 3 === 0) rows.push({ date: addDays(today, 3 + (index % 4)), startMinute: minuteOf("10:00"), endMinute: minuteOf("13:00") });
  return rows.map((row, n) => ({ id: demoId(`override:${slug}:${n}`), specialistId, ...row }));
}

// ---------------------------------------------------------------------------------------------
// Building rows

const DEMO_EMAIL_DOMAIN = "demo.specialistly.test";
/** Seeded rows get fixed timestamps (a day apart) so reseeding is byte-for-byte identical. */
const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;

type NewCredential = typeof credentials.$inferInsert;

interface DemoRows {
  users: NewUser[];
  credentials: NewCredential[];
  specialists: NewSpecialist[];
  sessionTypes: NewSessionType[];
  bookingRules: NewBookingRules[];
  availabilityWindows: NewWindow[];
  availabilityOverrides: NewOverride[];
}

function buildDemoRows(passwordHash: string, now: Date): DemoRows {
  const rows: DemoRows = {
    users: [],
    credentials: [],
    specialists: [],
    sessionTypes: [],
    bookingRules: [],
    availabilityWindows: [],
    availabilityOverrides: [],
  };
  let day = 0;
  const nextTimestamp = () => new Date(SEED_EPOCH + day++ * DAY_MS);

  rows.users.push(accountUser(demoAdmin, "Europe/London", nextTimestamp()));
  rows.users.push(accountUser(demoCustomer, "America/Los_Angeles", nextTimestamp()));

  demoSpecialists.forEach((demo, specialistIndex) => {
    const createdAt = nextTimestamp();
    const user = accountUser(
      { email: demo.email ?? `${demo.slug}@${DEMO_EMAIL_DOMAIN}`, role: "specialist", name: demo.name },
      demo.timezone,
      createdAt,
    );
    const specialistId = demoId(`specialist:${demo.slug}`);
    rows.users.push(user);
    rows.specialists.push({
      id: specialistId,
      userId: user.id!,
      slug: demo.slug,
      displayName: demo.name,
      headline: demo.headline,
      bio: demo.bio.join("\n\n"),
      specialties: demo.specialties,
      languages: demo.languages,
      timezone: demo.timezone,
      published: true,
      approval: demo.pending ? "pending" : "approved",
      approvalRequestedAt: createdAt,
      // No reviews exist yet, so no rating: never fake social proof.
      ratingAvg: null,
      ratingCount: 0,
      createdAt,
      updatedAt: createdAt,
    });
    demo.sessionTypes.forEach((type, index) => {
      const at = new Date(createdAt.getTime() + index * 60_000);
      rows.sessionTypes.push({
        id: demoId(`session-type:${demo.slug}:${index}`),
        specialistId,
        title: type.title,
        description: type.description,
        minutes: type.minutes,
        priceMinor: toMinorUnits(type.price, demo.currency),
        currency: demo.currency,
        active: true,
        createdAt: at,
        updatedAt: at,
      });
    });
    rows.bookingRules.push({ specialistId, ...demoRuleSets[specialistIndex % demoRuleSets.length]!, updatedAt: createdAt });
    rows.availabilityWindows.push(...demoWindows(demo.slug, specialistId));
    rows.availabilityOverrides.push(...demoOverrides(demo.slug, specialistId, specialistIndex, localDate(now, demo.timezone)));
  });
  rows.credentials = rows.users.map((user) => ({ userId: user.id!, passwordHash, updatedAt: user.createdAt }));
  return rows;
}

function accountUser(account: DemoAccount, timezone: string, createdAt: Date): NewUser {
  const email = account.email.toLowerCase();
  return {
    id: demoId(`user:${email}`),
    email,
    name: account.name,
    role: account.role,
    timezone,
    status: "active",
    emailVerifiedAt: createdAt,
    createdAt,
    updatedAt: createdAt,
  };
}

/** Major → minor units using the currency's ISO 4217 exponent (JPY has none: ¥8000 → 8000). */
function toMinorUnits(amount: number, currency: string): number {
  const { maximumFractionDigits } = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions();
  return Math.round(amount * 10 ** (maximumFractionDigits ?? 2));
}

/** A UUID-shaped id derived from `key`, so demo rows (and their URLs) survive a reseed. */
function demoId(key: string): string {
  const hex = cyrb128(`specialistly-demo:${key}`)
    .map((part) => part.toString(16).padStart(8, "0"))
    .join("");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** cyrb128 (public domain, bryc): a small, well-mixed 128-bit string hash. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * Inserts the demo marketplace (accounts, profiles, session types, booking rules, weekly hours
 * and date overrides) in one batch (one round trip, one transaction). Expects an empty database.
 * The demo password is hashed once and that hash is stored for every user: scrypt is slow on purpose.
 */
export async function seedDemoData(db: Database, options: SeedOptions): Promise<void> {
  const rows = buildDemoRows(await options.passwords.hash(demoPassword), options.now ?? new Date());
  await db.batch([
    db.insert(users).values(rows.users),
    db.insert(credentials).values(rows.credentials),
    db.insert(specialists).values(rows.specialists),
    db.insert(sessionTypes).values(rows.sessionTypes),
    db.insert(bookingRules).values(rows.bookingRules),
    // 999 bound values is the smallest limit any SQLite build ships with.
    ...chunks(rows.availabilityWindows, Math.floor(999 / 5)).map((part) => db.insert(availabilityWindows).values(part)),
    db.insert(availabilityOverrides).values(rows.availabilityOverrides),
  ]);
}

export interface SeedOptions {
  passwords: PasswordHasher;
  /** The seeding day: date overrides are placed after it. Defaults to the current time. */
  now?: Date;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const anyUser = await db.select({ id: users.id }).from(users).limit(1);
  return anyUser.length === 0;
}

/** Seeds only a database without users; returns whether it seeded. */
export async function seedIfEmpty(db: Database, options: SeedOptions): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false;
  try {
    await seedDemoData(db, options);
    return true;
  } catch (error) {
    // Two processes starting together may both see an empty database; the loser's batch
    // fails on the unique email index and rolls back, which is fine: the data is there.
    if (!(await isDatabaseEmpty(db))) return false;
    throw error;
  }
}

/**
 * Whether any seeded account (found by its fixed id, so a changed email doesn't hide it) still
 * signs in with the public demo password. Seeded accounts share one hash until their owners change
 * it, so this verifies each distinct hash once rather than once per account.
 */
export async function demoPasswordInUse(db: Database, passwords: PasswordHasher): Promise<boolean> {
  const seededIds = buildDemoRows("", new Date()).users.map((user) => user.id!);
  const hashes = await db
    .selectDistinct({ passwordHash: credentials.passwordHash })
    .from(credentials)
    .where(inArray(credentials.userId, seededIds));
  for (const { passwordHash } of hashes) {
    if (await passwords.verify(demoPassword, passwordHash)) return true;
  }
  return false;
}

/**
 * Deletes every row of every ordinary table (not the migrations journal), children before
 * parents so foreign keys hold. Tables are read from the database itself, so tables added
 * by later migrations are covered without touching this function. Virtual tables (FTS)
 * are left to the triggers that keep them in sync with their content tables.
 */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = await db.all<{ name: string }>(sql`
    select name from pragma_table_list
    where schema = 'main' and type = 'table'
      and name not glob 'sqlite_*' and name not glob 'libsql_*' and name not glob '__*'`);
  const references = await db.all<{ child: string; parent: string }>(sql`
    select m.name as child, f."table" as parent
    from sqlite_master m join pragma_foreign_key_list(m.name) f
    where m.type = 'table'`);
  const [first, ...rest] = childrenFirst(
    tables.map((t) => t.name),
    references,
  ).map((table) => db.run(sql`delete from ${sql.identifier(table)}`));
  if (first) await db.batch([first, ...rest]);
}

/** Orders tables so that no table comes after a table it references (self-references ignored). */
function childrenFirst(tables: string[], references: { child: string; parent: string }[]): string[] {
  const remaining = new Set([...tables].sort());
  const ordered: string[] = [];
  while (remaining.size > 0) {
    const isReferenced = (table: string) => references.some((r) => r.parent === table && r.child !== table && remaining.has(r.child));
    const ready = [...remaining].filter((table) => !isReferenced(table));
    // A reference cycle cannot be ordered; delete the rest anyway and let the database decide.
    const next = ready.length > 0 ? ready : [...remaining];
    for (const table of next) {
      ordered.push(table);
      remaining.delete(table);
    }
  }
  return ordered;
}
