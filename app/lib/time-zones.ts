// Runtimes' ICU data still uses some zones' old ids (Chromium and Node report India as
// Asia/Calcutta). These are the renames in the IANA database's `backward` file; merged zones
// (Europe/Vatican → Rome) are real places and keep their own names.
const renamedZones: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** A zone's current IANA name: "Asia/Calcutta" → "Asia/Kolkata"; others unchanged. */
export function currentZoneName(timeZone: string): string {
  return renamedZones[timeZone] ?? timeZone;
}

// IANA ids are ASCII; people write these places with their accents.
const placeSpellings: Readonly<Record<string, string>> = {
  Araguaina: "Araguaína",
  Asuncion: "Asunción",
  Belem: "Belém",
  Bogota: "Bogotá",
  Cancun: "Cancún",
  Ciudad_Juarez: "Ciudad Juárez",
  Cuiaba: "Cuiabá",
  Curacao: "Curaçao",
  Eirunepe: "Eirunepé",
  Maceio: "Maceió",
  Merida: "Mérida",
  Reykjavik: "Reykjavík",
  Santarem: "Santarém",
  Sao_Paulo: "São Paulo",
};

/** One segment of a zone id as people write it: "Sao_Paulo" → "São Paulo". */
export function placeSpelling(segment: string): string {
  return placeSpellings[segment] ?? segment.replaceAll("_", " ");
}

/** "America/Los_Angeles" → "Los Angeles"; "Asia/Calcutta" → "Kolkata"; "America/Sao_Paulo" → "São Paulo". */
export function zoneCity(timeZone: string): string {
  const current = currentZoneName(timeZone);
  return placeSpelling(current.split("/").at(-1) ?? current);
}
