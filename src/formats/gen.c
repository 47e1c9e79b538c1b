/* Workload generator: see relance/formats/gen.h for the contract.
 *
 * Everything is streamed in one pass so memory stays flat whatever the size:
 * customers.csv first, then invoices.csv and payments.csv together, one
 * invoice and its payments at a time. Invoices come out in issue-date order so
 * that their numbers run chronologically and restart each year, as French
 * numbering does (CGI art. 242 nonies A, as of 2026-01); how many fall on each
 * (due day, payment term) cell is apportioned exactly, which keeps due dates
 * uniform over [asof - 200, asof + 60] without sorting anything. Randomness
 * comes from xoshiro256** seeded with splitmix64; a customer's fixed traits
 * (kind, country, payment habit) are a hash of the seed and its index, so the
 * invoice loop recomputes them instead of storing them. There is no floating
 * point: probabilities are counts out of 1000 and amounts are int64 minor
 * units. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relance/core/date.h"
#include "relance/core/money.h"
#include "relance/core/status.h"
#include "relance/formats/gen.h"

/* Upper bound on customers and invoices: ids stay within 10 digits and the
 * skewed customer draw stays within 64-bit products. */
#define MAX_COUNT 1000000000L

#define PATH_CAP 4096
#define IO_BUF_SIZE (1 << 20)
#define PROGRESS_EVERY 10000
#define LINE_CAP 8192 /* one customers.csv row: 8 fields of at most 2 * TEXT_CAP */
#define TEXT_CAP 256  /* one generated name, address, email or phone */

/* The ledger's calendar, in days relative to asof. */
#define DUE_FROM (-200)
#define DUE_TO 60
#define MIN_TERM 30
#define MAX_TERM 60
#define FIRST_DAY (DUE_FROM - MAX_TERM) /* earliest issue date, earliest date at all */
#define NDAYS (DUE_TO - FIRST_DAY + 1)

/* Shares, per mille. */
#define CONSUMER_PM 100               /* customers that are persons */
#define LATE_PAYER_PM 50              /* customers paying 30-90 days after due */
#define EARLY_PAYER_PM 50             /* customers paying before due */
#define CREDIT_NOTE_PM 20             /* invoices that are credit notes */
#define FULLY_PAID_PM 550             /* invoices meant to be paid in full */
#define PARTLY_PAID_PM 100            /* invoices meant to be paid in part */
#define TWO_PAYMENTS_PM 350           /* of partly paid invoices: paid in two goes */
#define UNIFORM_CUSTOMER_PM 300       /* invoices whose customer is drawn uniformly */
#define PRODUCT3_CUSTOMER_FROM_PM 700 /* from here, drawn from a product of three */
#define ROUND_AMOUNT_PM 150           /* amounts that are a multiple of 10.00 */

/* Salts keep the hash streams of different purposes apart. */
#define SALT_MAIN 0x6a09e667f3bcc908u
#define SALT_TRAITS 0xbb67ae8584caa73bu
#define SALT_CUSTOMER 0x3c6ef372fe94f82bu

/* ---- pseudo-random numbers ------------------------------------------------ */

/* splitmix64 (Steele, Lea, Flood 2014): seeds xoshiro and hashes indexes. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t hash3(uint64_t seed, uint64_t salt, uint64_t i)
{
	uint64_t x = seed ^ salt;

	splitmix64(&x);
	x ^= i * 0xd1342543de82ef95u;
	return splitmix64(&x);
}

/* xoshiro256** (Blackman, Vigna 2018): fast, and the same on every platform. */
struct rng {
	uint64_t s[4];
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n), n >= 1, without modulo bias: values below 2^64 mod n
 * are redrawn so that every residue is equally often hit. */
static uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t threshold = (0 - n) % n;
	uint64_t x;

	do
		x = rng_next(r);
	while (x < threshold);
	return x % n;
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

static int rng_chance(struct rng *r, unsigned per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

/* ---- word lists ----------------------------------------------------------- */

struct words {
	const char *const *w;
	size_t n;
};

#define WORDS(a)                                                                                   \
	{                                                                                          \
		a, sizeof(a) / sizeof((a)[0])                                                      \
	}

static const char *pick(struct rng *r, struct words w)
{
	return w.w[rng_below(r, w.n)];
}

struct city {
	const char *name;
	const char *postcode; /* pattern: '#' a digit, '@' a letter, others as is */
};

struct cities {
	const struct city *c;
	size_t n;
};

#define CITIES(a)                                                                                  \
	{                                                                                          \
		a, sizeof(a) / sizeof((a)[0])                                                      \
	}

/* How an address is laid out. */
enum addr_style {
	ADDR_NUM_STREET,    /* "12 rue Pasteur, 69003 Lyon" */
	ADDR_STREET_NUM,    /* "Hauptstraße 12, 10115 Berlin" */
	ADDR_STREET_COMMA,  /* "Calle Mayor, 12, 28013 Madrid" */
	ADDR_NUM_STREET_GB, /* "12 High Street, Leeds LS1 4AB" */
};

struct country {
	const char *code;     /* ISO 3166-1 alpha-2 */
	const char *language; /* ISO 639-1, what reminders are written in */
	unsigned share_pm;    /* share of customers, per mille */
	unsigned legal_pm;    /* businesses whose name carries the legal form */
	struct words surnames;
	struct words first_names;
	struct words trades_pre;  /* before the surname: "Boulangerie Martin" */
	struct words trades_post; /* after it: "Martin Logistique" */
	struct words places;      /* "Garage du Centre" */
	struct words legal;       /* "SARL" */
	const char *sons;         /* "& Fils" */
	const char *partners;     /* "& Associés" */
	struct words streets;
	struct cities cities;
	enum addr_style addr;
	struct words phones_land; /* '#' is a digit */
	struct words phones_mobile;
	struct words mail_business; /* local parts: "compta" */
	struct words mail_providers;
	const char *tld;
};

static const char *const fr_surnames[] = {
	"Martin",    "Bernard",     "Dubois",    "Thomas",   "Robert",   "Richard",  "Petit",
	"Durand",    "Leroy",       "Moreau",    "Simon",    "Laurent",  "Lefèvre",  "Michel",
	"Garcia",    "David",       "Bertrand",  "Roux",     "Vincent",  "Fournier", "Morel",
	"Girard",    "André",       "Lefebvre",  "Mercier",  "Dupont",   "Lambert",  "Bonnet",
	"François",  "Martinez",    "Legrand",   "Garnier",  "Faure",    "Rousseau", "Blanc",
	"Guérin",    "Muller",      "Henry",     "Roussel",  "Nicolas",  "Perrin",   "Morin",
	"Mathieu",   "Clément",     "Gauthier",  "Dumont",   "Lopez",    "Fontaine", "Chevalier",
	"Robin",     "Masson",      "Gérard",    "Boyer",    "Denis",    "Lemaire",  "Duval",
	"Joly",      "Roche",       "Noël",      "Meyer",    "Lucas",    "Meunier",  "Marchand",
	"Dufour",    "Blanchard",   "Barbier",   "Brun",     "Dumas",    "Brunet",   "Schmitt",
	"Leroux",    "Colin",       "Renard",    "Arnaud",   "Caron",    "Aubert",   "Giraud",
	"Leclerc",   "Vidal",       "Bourgeois", "Renaud",   "Lemoine",  "Picard",   "Gaillard",
	"Lacroix",   "Fabre",       "Dupuis",    "Olivier",  "Da Silva", "Hubert",   "Rivière",
	"Le Gall",   "Guillaume",   "Moulin",    "Berger",   "Lecomte",  "Ménard",   "Fleury",
	"Deschamps", "Carpentier",  "Benoît",    "Maillard", "Aubry",    "Le Roux",  "Prévost",
	"Poirier",   "Charpentier", "Huet",      "Baron",    "Carré",    "Breton",   "Rémy",
};
static const char *const fr_first[] = {
	"Camille",  "Léa",    "Manon",     "Chloé",    "Inès",    "Jade",        "Louise",
	"Emma",     "Sarah",  "Zoé",       "Hugo",     "Lucas",   "Louis",       "Nathan",
	"Gabriel",  "Jules",  "Arthur",    "Théo",     "Raphaël", "Maël",        "Nicolas",
	"Julien",   "Sophie", "Isabelle",  "Nathalie", "Céline",  "Sébastien",   "Stéphane",
	"Frédéric", "Hélène", "Françoise", "Jérôme",   "Aurélie", "Émilie",      "Benoît",
	"Gaëlle",   "Noémie", "Anaïs",     "Mathéo",   "Clément", "Jean-Pierre", "Marie-Claire",
};
static const char *const fr_trades_pre[] = {
	"Boulangerie",   "Pâtisserie",  "Boucherie",  "Garage",      "Transports", "Menuiserie",
	"Plomberie",     "Électricité", "Imprimerie", "Pharmacie",   "Cabinet",    "Librairie",
	"Fromagerie",    "Brasserie",   "Hôtel",      "Restaurant",  "Atelier",    "Maçonnerie",
	"Charpente",     "Couverture",  "Peinture",   "Serrurerie",  "Fleurs",     "Optique",
	"Quincaillerie", "Carrosserie", "Ambulances", "Taxis",       "Nettoyage",  "Informatique",
	"Architecture",  "Paysages",    "Vins",       "Laboratoire", "Auto-école", "Établissements",
	"Cave",          "Traiteur",    "Chauffage",  "Ferronnerie",
};
static const char *const fr_trades_post[] = {
	"Logistique", "Bâtiment",     "Services",     "Industrie",    "Conseil",       "Immobilier",
	"Rénovation", "Distribution", "Énergie",      "Électronique", "Médical",       "Agencement",
	"Emballages", "Nautisme",     "Informatique", "Métallerie",   "Environnement", "Ingénierie",
};
static const char *const fr_places[] = {
	"du Centre",   "de la Gare", "du Port", "du Marché",   "des Halles", "du Lac",
	"de l'Église", "des Alpes",  "du Midi", "de la Poste", "du Château", "des Sports",
};
static const char *const fr_legal[] = { "SARL", "SAS", "SA", "EURL", "SASU", "SNC" };
static const char *const fr_streets[] = {
	"rue de la République",
	"avenue Jean Jaurès",
	"boulevard Voltaire",
	"place du Marché",
	"impasse des Lilas",
	"chemin des Vignes",
	"rue Victor Hugo",
	"allée des Tilleuls",
	"quai du Port",
	"route de Lyon",
	"rue du Général de Gaulle",
	"rue Pasteur",
	"avenue de la Gare",
	"rue des Écoles",
	"rue Nationale",
	"rue de l'Église",
	"boulevard Gambetta",
	"rue Jean Moulin",
	"avenue Foch",
	"rue des Acacias",
	"rue de l'Industrie",
	"chemin du Moulin",
	"rue du Faubourg Saint-Honoré",
	"cours Mirabeau",
};
static const struct city fr_cities[] = {
	{ "Paris", "7500#" },
	{ "Paris", "7501#" },
	{ "Lyon", "6900#" },
	{ "Marseille", "1300#" },
	{ "Toulouse", "31000" },
	{ "Nantes", "44000" },
	{ "Bordeaux", "33000" },
	{ "Lille", "59000" },
	{ "Strasbourg", "67000" },
	{ "Rennes", "35000" },
	{ "Dijon", "21000" },
	{ "Grenoble", "38000" },
	{ "Nice", "06000" },
	{ "Montpellier", "34000" },
	{ "Reims", "51100" },
	{ "Le Mans", "72000" },
	{ "Angers", "49000" },
	{ "Clermont-Ferrand", "63000" },
	{ "Besançon", "25000" },
	{ "Orléans", "45000" },
	{ "Saint-Étienne", "42000" },
	{ "Annecy", "74000" },
	{ "Brest", "29200" },
	{ "Tours", "37000" },
	{ "Limoges", "87000" },
	{ "Metz", "57000" },
	{ "Nancy", "54000" },
	{ "Perpignan", "66000" },
	{ "Caen", "14000" },
	{ "Rouen", "76000" },
	{ "Amiens", "80000" },
	{ "Pau", "64000" },
	{ "La Rochelle", "17000" },
	{ "Aix-en-Provence", "13090" },
	{ "Évry-Courcouronnes", "91000" },
	{ "Nîmes", "30000" },
};
static const char *const fr_land[] = {
	"+33 1 ## ## ## ##", "+33 2 ## ## ## ##", "+33 3 ## ## ## ##",
	"+33 4 ## ## ## ##", "+33 5 ## ## ## ##", "+33 9 ## ## ## ##",
};
static const char *const fr_mobile[] = { "+33 6 ## ## ## ##", "+33 7 ## ## ## ##" };
static const char *const fr_mail[] = { "compta",  "comptabilite", "factures",
				       "contact", "facturation",  "administration" };
static const char *const fr_providers[] = { "orange.fr", "free.fr",    "gmail.com",  "laposte.net",
					    "sfr.fr",    "wanadoo.fr", "hotmail.fr", "yahoo.fr" };

static const char *const be_surnames[] = {
	"Peeters",  "Janssens", "Maes",     "Jacobs",  "Mertens",        "Willems",
	"Claes",    "Goossens", "Wouters",  "De Smet", "Dubois",         "Lambert",
	"Dupont",   "Lejeune",  "Renard",   "Hermans", "Van Damme",      "Leclercq",
	"Michiels", "Desmet",   "Simon",    "Lemaire", "Dumont",         "Mathieu",
	"Collard",  "Gérard",   "François", "Wéry",    "Van den Broeck", "Delvaux",
};
static const char *const be_first[] = {
	"Lucas",     "Louis",  "Noah",      "Arthur",   "Emma",   "Louise",   "Olivia",
	"Elena",     "Mila",   "Nathalie",  "Marc",     "Luc",    "Philippe", "Véronique",
	"Françoise", "Benoît", "Geneviève", "Thibault", "Maxime", "Céline",
};
static const char *const be_trades_pre[] = {
	"Boulangerie", "Brasserie", "Garage",       "Transports",  "Imprimerie", "Pharmacie",
	"Menuiserie",  "Friterie",  "Chocolaterie", "Électricité", "Toitures",   "Carrosserie",
};
static const char *const be_trades_post[] = { "Construct",  "Services", "Logistics",
					      "Consulting", "Immo",     "Tech" };
static const char *const be_places[] = { "de la Gare", "du Centre", "de la Place", "du Parc",
					 "des Ardennes" };
static const char *const be_legal[] = { "SRL", "SA", "SPRL", "SC", "BV", "NV" };
static const char *const be_streets[] = {
	"Rue de la Station",        "Avenue Louise",     "Chaussée de Bruxelles", "Rue du Moulin",
	"Place Saint-Lambert",      "Boulevard Anspach", "Rue de l'Église",       "Rue Haute",
	"Avenue de la Toison d'Or", "Rue des Champs",
};
static const struct city be_cities[] = {
	{ "Bruxelles", "10#0" },        { "Liège", "4000" },   { "Namur", "5000" },
	{ "Charleroi", "6000" },        { "Mons", "7000" },    { "Wavre", "1300" },
	{ "Louvain-la-Neuve", "1348" }, { "Tournai", "7500" }, { "Arlon", "6700" },
	{ "Nivelles", "1400" },
};
static const char *const be_land[] = { "+32 2 ### ## ##", "+32 4 ### ## ##", "+32 81 ## ## ##",
				       "+32 71 ## ## ##" };
static const char *const be_mobile[] = { "+32 47# ## ## ##", "+32 49# ## ## ##" };
static const char *const be_providers[] = { "skynet.be", "gmail.com", "telenet.be", "proximus.be",
					    "hotmail.com" };

static const char *const de_surnames[] = {
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber",   "Meyer",      "Wagner",
	"Becker", "Schulz",  "Hoffmann",  "Schäfer", "Koch",    "Bauer",      "Richter",
	"Klein",  "Wolf",    "Schröder",  "Neumann", "Schwarz", "Zimmermann", "Braun",
	"Krüger", "Hofmann", "Hartmann",  "Lange",   "Werner",  "Schmitz",    "Krause",
	"Meier",  "Lehmann", "Köhler",    "Weiß",    "Jäger",   "Groß",       "Vogel",
};
static const char *const de_first[] = {
	"Lukas",  "Leon", "Finn",   "Jonas",  "Paul",   "Felix", "Maximilian",
	"Anna",   "Lena", "Leonie", "Hannah", "Sophie", "Marie", "Jürgen",
	"Sabine", "Uwe",  "Petra",  "Jörg",   "Katrin", "Björn",
};
static const char *const de_trades_pre[] = {
	"Bäckerei",    "Metzgerei", "Autohaus", "Druckerei",    "Gasthof",   "Apotheke",
	"Schreinerei", "Elektro",   "Sanitär",  "Malerbetrieb", "Spedition", "Blumen",
};
static const char *const de_trades_post[] = {
	"Logistik", "Bau",         "Elektrotechnik", "Maschinenbau", "Immobilien",
	"Software", "Haustechnik", "Metallbau",      "Transporte",   "Gebäudereinigung",
};
static const char *const de_legal[] = { "GmbH", "GmbH & Co. KG",           "AG",  "KG",
					"e.K.", "UG (haftungsbeschränkt)", "GmbH" };
static const char *const de_streets[] = {
	"Hauptstraße",  "Bahnhofstraße", "Schillerstraße",  "Goethestraße",
	"Gartenstraße", "Lindenallee",   "Industriestraße", "Am Markt",
	"Dorfstraße",   "Schulstraße",   "Bergstraße",      "Mühlenweg",
};
static const struct city de_cities[] = {
	{ "Berlin", "10###" },     { "München", "80###" },           { "Hamburg", "20###" },
	{ "Köln", "50###" },       { "Frankfurt am Main", "60###" }, { "Stuttgart", "70###" },
	{ "Düsseldorf", "402##" }, { "Leipzig", "041##" },           { "Dresden", "010##" },
	{ "Nürnberg", "904##" },   { "Hannover", "301##" },          { "Bremen", "281##" },
};
static const char *const de_land[] = { "+49 30 ########", "+49 89 ########", "+49 40 #######",
				       "+49 221 #######", "+49 69 ########" };
static const char *const de_mobile[] = { "+49 151 ########", "+49 160 ########", "+49 170 ########",
					 "+49 176 ########" };
static const char *const de_mail[] = { "buchhaltung", "rechnung", "info", "kontakt",
				       "rechnungswesen" };
static const char *const de_providers[] = { "web.de", "gmx.de", "t-online.de", "gmail.com",
					    "gmx.net" };

static const char *const es_surnames[] = {
	"García", "Rodríguez", "González", "Fernández", "López",  "Martínez",  "Sánchez",
	"Pérez",  "Gómez",     "Martín",   "Jiménez",   "Ruiz",   "Hernández", "Díaz",
	"Moreno", "Muñoz",     "Álvarez",  "Romero",    "Alonso", "Gutiérrez", "Navarro",
	"Torres", "Domínguez", "Vázquez",  "Ramos",     "Gil",    "Serrano",   "Molina",
};
static const char *const es_first[] = {
	"Lucía",  "Sofía", "María",   "Martina", "Paula",  "Hugo",  "Mateo",  "Lucas", "Javier",
	"Carmen", "José",  "Antonio", "Pilar",   "Álvaro", "Íñigo", "Begoña", "Nuria", "Jordi",
};
static const char *const es_trades_pre[] = {
	"Panadería", "Transportes", "Talleres",    "Construcciones", "Farmacia", "Distribuciones",
	"Hostal",    "Bodegas",     "Carpintería", "Instalaciones",  "Asesoría", "Imprenta",
};
static const char *const es_legal[] = { "S.L.", "S.A.", "S.L.U.", "S.L." };
static const char *const es_streets[] = {
	"Calle Mayor",      "Avenida de la Constitución",
	"Calle Real",       "Paseo de Gracia",
	"Plaza de España",  "Calle del Sol",
	"Gran Vía",         "Calle de Alcalá",
	"Avenida Diagonal", "Calle San Vicente",
};
static const struct city es_cities[] = {
	{ "Madrid", "280##" },  { "Barcelona", "080##" }, { "Valencia", "460##" },
	{ "Sevilla", "410##" }, { "Zaragoza", "500##" },  { "Málaga", "290##" },
	{ "Bilbao", "480##" },  { "Alicante", "030##" },  { "A Coruña", "150##" },
};
static const char *const es_land[] = { "+34 91# ### ###", "+34 93# ### ###", "+34 96# ### ###",
				       "+34 95# ### ###" };
static const char *const es_mobile[] = { "+34 6## ### ###" };
static const char *const es_mail[] = { "administracion", "contabilidad", "facturas", "info" };
static const char *const es_providers[] = { "gmail.com", "hotmail.es", "yahoo.es",
					    "telefonica.net" };

static const char *const it_surnames[] = {
	"Rossi",    "Russo",  "Ferrari",  "Esposito", "Bianchi",  "Romano",  "Colombo", "Ricci",
	"Marino",   "Greco",  "Bruno",    "Gallo",    "Conti",    "De Luca", "Mancini", "Costa",
	"Giordano", "Rizzo",  "Lombardi", "Moretti",  "Barbieri", "Fontana", "Santoro", "Mariani",
	"Rinaldi",  "Caruso", "Ferrara",  "Galli",    "Martini",  "Leone",
};
static const char *const it_first[] = {
	"Francesco", "Alessandro", "Lorenzo", "Matteo",  "Leonardo", "Sofia",    "Giulia",
	"Aurora",    "Alice",      "Ginevra", "Niccolò", "Chiara",   "Federica", "Giuseppe",
	"Andrea",    "Elena",      "Paolo",   "Simona",  "Luca",     "Mattia",
};
static const char *const it_trades_pre[] = {
	"Panificio",  "Trasporti",   "Officina",      "Farmacia", "Ristorante",  "Tipografia",
	"Ferramenta", "Autofficina", "Impresa Edile", "Studio",   "Pasticceria", "Falegnameria",
};
static const char *const it_legal[] = { "S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "S.r.l." };
static const char *const it_streets[] = {
	"Via Roma",
	"Via Garibaldi",
	"Corso Vittorio Emanuele II",
	"Piazza del Duomo",
	"Via Dante Alighieri",
	"Viale Europa",
	"Via Giuseppe Mazzini",
	"Via Cavour",
	"Corso Italia",
	"Via della Repubblica",
};
static const struct city it_cities[] = {
	{ "Roma", "001##" },   { "Milano", "201##" },  { "Torino", "101##" },
	{ "Napoli", "801##" }, { "Bologna", "401##" }, { "Firenze", "501##" },
	{ "Genova", "161##" }, { "Venezia", "301##" }, { "Verona", "371##" },
	{ "Bari", "701##" },
};
static const char *const it_land[] = { "+39 02 #### ####", "+39 06 #### ####", "+39 011 ### ####",
				       "+39 081 ### ####" };
static const char *const it_mobile[] = { "+39 3## ### ####" };
static const char *const it_mail[] = { "amministrazione", "contabilita", "fatture", "info" };
static const char *const it_providers[] = { "libero.it", "gmail.com", "virgilio.it", "alice.it",
					    "tiscali.it" };

static const char *const gb_surnames[] = {
	"Smith",  "Jones",  "Williams", "Taylor",  "Brown",    "Davies",   "Evans",
	"Wilson", "Thomas", "Johnson",  "Roberts", "Robinson", "Thompson", "Wright",
	"Walker", "White",  "Edwards",  "Hughes",  "Green",    "Hall",     "Lewis",
	"Harris", "Clarke", "Patel",    "Jackson", "Wood",     "Turner",   "Cooper",
	"Hill",   "Ward",   "Morris",   "Baker",   "O'Brien",  "McDonald",
};
static const char *const gb_first[] = {
	"Oliver", "George",  "Harry", "Jack",  "Jacob",  "Charlie", "Thomas",
	"Olivia", "Amelia",  "Isla",  "Emily", "Ava",    "Jessica", "Sophie",
	"James",  "William", "Chloe", "Grace", "Daniel", "Hannah",
};
static const char *const gb_trades_post[] = {
	"Plumbing",    "Builders", "Logistics", "Electrical", "Consulting", "Joinery",
	"Engineering", "Removals", "Catering",  "Haulage",    "Roofing",    "Printers",
};
static const char *const gb_legal[] = { "Ltd", "Limited", "PLC", "LLP", "Ltd" };
static const char *const gb_streets[] = {
	"High Street", "Station Road", "Church Lane",  "Victoria Road", "Mill Lane",
	"King Street", "Park Avenue",  "Queen's Road", "The Green",     "London Road",
};
static const struct city gb_cities[] = {
	{ "London", "SW1A #@@" }, { "London", "EC1V #@@" },   { "London", "N1 #@@" },
	{ "London", "E14 #@@" },  { "Manchester", "M1 #@@" }, { "Birmingham", "B1 #@@" },
	{ "Leeds", "LS1 #@@" },   { "Bristol", "BS1 #@@" },   { "Edinburgh", "EH1 #@@" },
	{ "Glasgow", "G1 #@@" },  { "Cardiff", "CF10 #@@" },
};
static const char *const gb_land[] = { "+44 20 #### ####", "+44 161 ### ####", "+44 121 ### ####",
				       "+44 113 ### ####", "+44 131 ### ####" };
static const char *const gb_mobile[] = { "+44 7### ######" };
static const char *const gb_mail[] = { "accounts", "invoices", "finance", "info" };
static const char *const gb_providers[] = { "gmail.com", "btinternet.com", "outlook.com",
					    "yahoo.co.uk", "hotmail.co.uk" };

/* Shares add up to 1000. Spain and Italy get English reminders: relance
 * ships French, English and German templates. */
static const struct country countries[] = {
	{
		.code = "FR",
		.language = "fr",
		.share_pm = 750,
		.legal_pm = 600,
		.surnames = WORDS(fr_surnames),
		.first_names = WORDS(fr_first),
		.trades_pre = WORDS(fr_trades_pre),
		.trades_post = WORDS(fr_trades_post),
		.places = WORDS(fr_places),
		.legal = WORDS(fr_legal),
		.sons = "& Fils",
		.partners = "& Associés",
		.streets = WORDS(fr_streets),
		.cities = CITIES(fr_cities),
		.addr = ADDR_NUM_STREET,
		.phones_land = WORDS(fr_land),
		.phones_mobile = WORDS(fr_mobile),
		.mail_business = WORDS(fr_mail),
		.mail_providers = WORDS(fr_providers),
		.tld = "fr",
	},
	{
		.code = "BE",
		.language = "fr",
		.share_pm = 60,
		.legal_pm = 700,
		.surnames = WORDS(be_surnames),
		.first_names = WORDS(be_first),
		.trades_pre = WORDS(be_trades_pre),
		.trades_post = WORDS(be_trades_post),
		.places = WORDS(be_places),
		.legal = WORDS(be_legal),
		.sons = "& Fils",
		.partners = "& Associés",
		.streets = WORDS(be_streets),
		.cities = CITIES(be_cities),
		.addr = ADDR_STREET_NUM,
		.phones_land = WORDS(be_land),
		.phones_mobile = WORDS(be_mobile),
		.mail_business = WORDS(fr_mail),
		.mail_providers = WORDS(be_providers),
		.tld = "be",
	},
	{
		.code = "DE",
		.language = "de",
		.share_pm = 60,
		.legal_pm = 900,
		.surnames = WORDS(de_surnames),
		.first_names = WORDS(de_first),
		.trades_pre = WORDS(de_trades_pre),
		.trades_post = WORDS(de_trades_post),
		.legal = WORDS(de_legal),
		.sons = "& Söhne",
		.partners = "& Partner",
		.streets = WORDS(de_streets),
		.cities = CITIES(de_cities),
		.addr = ADDR_STREET_NUM,
		.phones_land = WORDS(de_land),
		.phones_mobile = WORDS(de_mobile),
		.mail_business = WORDS(de_mail),
		.mail_providers = WORDS(de_providers),
		.tld = "de",
	},
	{
		.code = "ES",
		.language = "en",
		.share_pm = 40,
		.legal_pm = 800,
		.surnames = WORDS(es_surnames),
		.first_names = WORDS(es_first),
		.trades_pre = WORDS(es_trades_pre),
		.legal = WORDS(es_legal),
		.sons = "e Hijos",
		.partners = "y Asociados",
		.streets = WORDS(es_streets),
		.cities = CITIES(es_cities),
		.addr = ADDR_STREET_COMMA,
		.phones_land = WORDS(es_land),
		.phones_mobile = WORDS(es_mobile),
		.mail_business = WORDS(es_mail),
		.mail_providers = WORDS(es_providers),
		.tld = "es",
	},
	{
		.code = "IT",
		.language = "en",
		.share_pm = 40,
		.legal_pm = 800,
		.surnames = WORDS(it_surnames),
		.first_names = WORDS(it_first),
		.trades_pre = WORDS(it_trades_pre),
		.legal = WORDS(it_legal),
		.sons = "& Figli",
		.partners = "& Associati",
		.streets = WORDS(it_streets),
		.cities = CITIES(it_cities),
		.addr = ADDR_STREET_NUM,
		.phones_land = WORDS(it_land),
		.phones_mobile = WORDS(it_mobile),
		.mail_business = WORDS(it_mail),
		.mail_providers = WORDS(it_providers),
		.tld = "it",
	},
	{
		.code = "GB",
		.language = "en",
		.share_pm = 50,
		.legal_pm = 850,
		.surnames = WORDS(gb_surnames),
		.first_names = WORDS(gb_first),
		.trades_post = WORDS(gb_trades_post),
		.legal = WORDS(gb_legal),
		.sons = "& Sons",
		.partners = "& Partners",
		.streets = WORDS(gb_streets),
		.cities = CITIES(gb_cities),
		.addr = ADDR_NUM_STREET_GB,
		.phones_land = WORDS(gb_land),
		.phones_mobile = WORDS(gb_mobile),
		.mail_business = WORDS(gb_mail),
		.mail_providers = WORDS(gb_providers),
		.tld = "co.uk",
	},
};
#define NCOUNTRIES (sizeof(countries) / sizeof(countries[0]))

/* ---- customers ------------------------------------------------------------ */

/* How a customer pays. */
enum habit {
	HABIT_ON_TIME, /* -5 to +25 days around the due date */
	HABIT_LATE,    /* 30 to 90 days after it */
	HABIT_EARLY,   /* between issue and due date */
};

/* What the invoice loop needs to know about a customer, recomputed from a
 * hash so that nothing is stored per customer. */
struct traits {
	int consumer;
	enum habit habit;
	const struct country *country;
};

static void traits_of(uint64_t seed, uint64_t idx, struct traits *t)
{
	uint64_t h = hash3(seed, SALT_TRAITS, idx);
	unsigned kind = (unsigned)(h % 1000);
	unsigned habit = (unsigned)((h >> 20) % 1000);
	unsigned where = (unsigned)((h >> 40) % 1000);
	size_t i;

	t->consumer = kind < CONSUMER_PM;
	if (habit < LATE_PAYER_PM)
		t->habit = HABIT_LATE;
	else if (habit < LATE_PAYER_PM + EARLY_PAYER_PM)
		t->habit = HABIT_EARLY;
	else
		t->habit = HABIT_ON_TIME;
	for (i = 0; i + 1 < NCOUNTRIES && where >= countries[i].share_pm; i++)
		where -= countries[i].share_pm;
	t->country = &countries[i];
}

/* A bounded string: appends past TEXT_CAP - 1 bytes are dropped, which the
 * word lists never come near. */
struct text {
	char s[TEXT_CAP];
	size_t n;
};

static void text_add(struct text *t, const char *s)
{
	size_t k = strlen(s);

	if (k > TEXT_CAP - 1 - t->n)
		k = TEXT_CAP - 1 - t->n;
	memcpy(t->s + t->n, s, k);
	t->n += k;
	t->s[t->n] = '\0';
}

static void text_addc(struct text *t, char c)
{
	if (t->n < TEXT_CAP - 1) {
		t->s[t->n++] = c;
		t->s[t->n] = '\0';
	}
}

static void text_addnum(struct text *t, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		text_addc(t, tmp[--n]);
}

/* Expands a pattern: '#' a digit, '@' a letter as used in British postcodes. */
static void text_pattern(struct text *t, struct rng *r, const char *pat)
{
	static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";

	for (; *pat; pat++) {
		if (*pat == '#')
			text_addc(t, (char)('0' + rng_below(r, 10)));
		else if (*pat == '@')
			text_addc(t, letters[rng_below(r, sizeof(letters) - 1)]);
		else
			text_addc(t, *pat);
	}
}

/* ASCII spellings of U+00C0..U+00FF, for e-mail addresses. */
static const char *const latin1_ascii[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
	"d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
	"d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Appends s as lower-case ASCII letters and digits, accents dropped; any
 * other run of characters becomes one sep (none at either end). */
static void text_slug(struct text *t, const char *s, char sep)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = t->n;
	int pending = 0;

	while (*p) {
		const char *add = NULL;
		char one[2] = { 0, 0 };

		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			one[0] = (char)*p++;
			add = one;
		} else if (*p >= 'A' && *p <= 'Z') {
			one[0] = (char)(*p++ - 'A' + 'a');
			add = one;
		} else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			add = latin1_ascii[p[1] - 0x80];
			p += 2;
		} else if (*p == 0xc5 && (p[1] == 0x92 || p[1] == 0x93)) {
			add = "oe";
			p += 2;
		} else if (*p >= 0x80) {
			p++; /* other non-ASCII bytes: dropped */
			continue;
		} else {
			p++;
			pending = 1;
			continue;
		}
		if (!*add)
			continue;
		if (pending && sep && t->n > start)
			text_addc(t, sep);
		pending = 0;
		text_add(t, add);
	}
}

struct customer {
	struct traits tr;
	struct text name;
	struct text email;
	struct text phone;
	struct text address;
};

/* Builds a business name in name and the part of it a web domain is made of
 * in core (the name without its legal form). */
static void business_name(struct rng *r, const struct country *c, struct text *name,
			  struct text *core)
{
	const char *s1 = pick(r, c->surnames);
	const char *s2 = pick(r, c->surnames);
	unsigned shape = (unsigned)rng_below(r, 100);
	int legal = rng_chance(r, c->legal_pm);

	if (s2 == s1)
		s2 = pick(r, c->surnames);
	if (shape < 35 && !c->trades_pre.n)
		shape = 40;
	if (shape >= 35 && shape < 55 && !c->trades_post.n)
		shape = c->trades_pre.n ? 0 : 75;
	if (shape >= 83 && shape < 93 && !c->places.n)
		shape = 93;

	if (shape < 35) { /* "Boulangerie Martin" */
		text_add(core, pick(r, c->trades_pre));
		text_addc(core, ' ');
		text_add(core, s1);
	} else if (shape < 55) { /* "Morel Logistique" */
		text_add(core, s1);
		text_addc(core, ' ');
		text_add(core, pick(r, c->trades_post));
	} else if (shape < 65) { /* "Transports Lefèvre & Fils" */
		if (c->trades_pre.n && rng_chance(r, 600)) {
			text_add(core, pick(r, c->trades_pre));
			text_addc(core, ' ');
		}
		text_add(core, s1);
		text_addc(core, ' ');
		text_add(core, c->sons);
	} else if (shape < 73) { /* "Martin, Durand & Associés": a comma to quote */
		text_add(core, s1);
		text_add(core, ", ");
		text_add(core, s2);
		text_addc(core, ' ');
		text_add(core, c->partners);
		legal = legal && rng_chance(r, 300);
	} else if (shape < 83) { /* "Dupont SAS" */
		text_add(core, s1);
		legal = 1;
	} else if (shape < 93) { /* "Garage du Centre" */
		text_add(core, pick(r, c->trades_pre));
		text_addc(core, ' ');
		text_add(core, pick(r, c->places));
	} else { /* "Martin & Durand" */
		text_add(core, s1);
		text_add(core, " & ");
		text_add(core, s2);
	}
	text_add(name, core->s);
	if (legal) {
		text_addc(name, ' ');
		text_add(name, pick(r, c->legal));
	}
}

static void make_address(struct rng *r, const struct country *c, struct text *a)
{
	const char *street = pick(r, c->streets);
	const struct city *city = &c->cities.c[rng_below(r, c->cities.n)];
	uint64_t num = (uint64_t)rng_range(r, 1, c->addr == ADDR_NUM_STREET ? 150 : 250);

	switch (c->addr) {
	case ADDR_NUM_STREET:
		text_addnum(a, num);
		if (rng_chance(r, 80))
			text_add(a, " bis");
		text_addc(a, ' ');
		text_add(a, street);
		text_add(a, ", ");
		break;
	case ADDR_STREET_NUM:
		text_add(a, street);
		text_addc(a, ' ');
		text_addnum(a, num);
		text_add(a, ", ");
		break;
	case ADDR_STREET_COMMA:
		text_add(a, street);
		text_add(a, ", ");
		text_addnum(a, num);
		text_add(a, ", ");
		break;
	case ADDR_NUM_STREET_GB:
		text_addnum(a, num);
		text_addc(a, ' ');
		text_add(a, street);
		text_add(a, ", ");
		text_add(a, city->name);
		text_addc(a, ' ');
		text_pattern(a, r, city->postcode);
		return;
	}
	text_pattern(a, r, city->postcode);
	text_addc(a, ' ');
	text_add(a, city->name);
}

/* Customer idx (0-based), the same whatever else is generated. */
static void make_customer(uint64_t seed, uint64_t idx, struct customer *cu)
{
	struct rng r;
	const struct country *c;

	memset(cu, 0, sizeof(*cu));
	traits_of(seed, idx, &cu->tr);
	c = cu->tr.country;
	rng_seed(&r, hash3(seed, SALT_CUSTOMER, idx));

	if (cu->tr.consumer) {
		const char *first = pick(&r, c->first_names);
		const char *last = pick(&r, c->surnames);

		text_add(&cu->name, first);
		text_addc(&cu->name, ' ');
		text_add(&cu->name, last);
		text_slug(&cu->email, first, '-');
		text_addc(&cu->email, '.');
		text_slug(&cu->email, last, '-');
		if (rng_chance(&r, 300))
			text_addnum(&cu->email, (uint64_t)rng_range(&r, 1, 99));
		text_addc(&cu->email, '@');
		text_add(&cu->email, pick(&r, c->mail_providers));
		text_pattern(&cu->phone, &r, pick(&r, c->phones_mobile));
	} else {
		struct text core;

		memset(&core, 0, sizeof(core));
		business_name(&r, c, &cu->name, &core);
		text_add(&cu->email, pick(&r, c->mail_business));
		text_addc(&cu->email, '@');
		text_slug(&cu->email, core.s, '-');
		text_addc(&cu->email, '.');
		text_add(&cu->email, c->tld);
		text_pattern(&cu->phone, &r,
			     pick(&r, rng_chance(&r, 200) ? c->phones_mobile : c->phones_land));
	}
	make_address(&r, c, &cu->address);
}

/* ---- output --------------------------------------------------------------- */

/* One output file, written under a temporary name in the same directory. */
struct out {
	const char *name; /* "invoices.csv" */
	char path[PATH_CAP];
	char tmp[PATH_CAP];
	FILE *f;
	char *buf;
	int error; /* errno of the first failed write, 0 if none */
};

static int out_open(struct out *o, const char *dir, const char *name, struct rl_err *err)
{
	int fd;
	int n;

	o->name = name;
	n = snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(o->path))
		return rl_err_set(err, RL_EINVAL, "output directory '%s': path too long", dir);
	n = snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(o->tmp))
		return rl_err_set(err, RL_EINVAL, "output directory '%s': path too long", dir);
	o->buf = malloc(IO_BUF_SIZE);
	if (!o->buf)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		o->tmp[0] = '\0';
		return rl_err_set(err, RL_EIO, "cannot create '%s': %s", o->path, strerror(errno));
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;

		close(fd);
		return rl_err_set(err, RL_EIO, "cannot open '%s': %s", o->path, strerror(e));
	}
	setvbuf(o->f, o->buf, _IOFBF, IO_BUF_SIZE);
	return 0;
}

static void out_write(struct out *o, const char *p, size_t n)
{
	if (fwrite(p, 1, n, o->f) != n && !o->error)
		o->error = errno ? errno : EIO;
}

/* Flushes and closes o; the temporary file stays until out_commit or
 * out_discard. */
static int out_close(struct out *o, struct rl_err *err)
{
	int e = o->error;

	if (fflush(o->f) != 0 && !e)
		e = errno ? errno : EIO;
	if (fclose(o->f) != 0 && !e)
		e = errno ? errno : EIO;
	o->f = NULL;
	free(o->buf);
	o->buf = NULL;
	if (e)
		return rl_err_set(err, RL_EIO, "cannot write '%s': %s", o->path, strerror(e));
	return 0;
}

static int out_commit(struct out *o, struct rl_err *err)
{
	if (rename(o->tmp, o->path) != 0)
		return rl_err_set(err, RL_EIO, "cannot rename '%s' to '%s': %s", o->tmp, o->path,
				  strerror(errno));
	o->tmp[0] = '\0';
	return 0;
}

/* Closes o if open and removes its temporary file; safe on any state. */
static void out_discard(struct out *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	free(o->buf);
	o->buf = NULL;
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = '\0';
}

static char *put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* Writes v in decimal, zero-padded on the left to width digits. */
static char *put_padded(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* Writes one field, quoted as RFC 4180 requires and as rl_csv_write_field
 * does: when it holds a comma, a quote, CR or LF, or starts or ends with a
 * blank. */
static char *put_field(char *p, const char *s, size_t n)
{
	int quote = n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');

	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
		return put(p, s, n);
	*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			*p++ = '"';
		*p++ = s[i];
	}
	*p++ = '"';
	return p;
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* ---- invoices and payments ------------------------------------------------ */

/* Payment terms, in days from issue to due date. */
static const struct {
	int days;
	unsigned share_pm;
} terms[] = { { 30, 500 }, { 45, 250 }, { 60, 250 } };
#define NTERMS (sizeof(terms) / sizeof(terms[0]))

/* State of the invoice pass. */
struct gen {
	const struct rl_gen_options *opt;
	const struct rl_currency *cur;
	struct rng r;
	uint64_t ncustomers;
	uint64_t perm_a, perm_b; /* customer = (a * rank + b) mod n, gcd(a, n) = 1 */
	rl_date first_day;       /* asof + FIRST_DAY: index 0 of iso[] */
	char iso[NDAYS][RL_DATE_ISO_LEN + 1];
	int cust_width, inv_width, pay_width;
	uint64_t payment_seq;
	struct out *inv, *pay;
};

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* A customer index with a skewed distribution: some invoices pick uniformly,
 * the others pick the product of two or three uniform draws, which favours
 * low ranks (the top fifth of customers gets about half of the invoices);
 * ranks are then scattered by an affine permutation so that the big
 * customers are not simply the first ids. */
static uint64_t pick_customer(struct gen *g)
{
	unsigned shape = (unsigned)rng_below(&g->r, 1000);
	uint64_t u;

	if (shape < UNIFORM_CUSTOMER_PM)
		return (g->perm_a * rng_below(&g->r, g->ncustomers) + g->perm_b) % g->ncustomers;
	u = rng_next(&g->r) >> 32;
	u = (u * (rng_next(&g->r) >> 32)) >> 32;
	if (shape >= PRODUCT3_CUSTOMER_FROM_PM)
		u = (u * (rng_next(&g->r) >> 32)) >> 32;
	return (g->perm_a * ((u * g->ncustomers) >> 32) + g->perm_b) % g->ncustomers;
}

/* An amount in cents between 50.00 and 20,000.00: many small ones, few large
 * ones; persons buy less. */
static int64_t draw_cents(struct rng *r, int consumer)
{
	unsigned band = (unsigned)rng_below(r, 1000);
	int64_t v;

	if (consumer)
		v = band < 600 ? rng_range(r, 5000, 30000) : rng_range(r, 30000, 200000);
	else if (band < 400)
		v = rng_range(r, 5000, 30000);
	else if (band < 750)
		v = rng_range(r, 30000, 150000);
	else if (band < 930)
		v = rng_range(r, 150000, 600000);
	else
		v = rng_range(r, 600000, 2000000);
	if (rng_chance(r, ROUND_AMOUNT_PM))
		v -= v % 1000;
	return v < 5000 ? 5000 : v;
}

/* Cents to the currency's minor unit (JPY has none, KWD has three). */
static int64_t to_minor(int64_t cents, int exponent)
{
	int64_t f = 1;

	for (int e = exponent; e > 2; e--)
		cents *= 10;
	for (int e = exponent; e < 2; e++)
		f *= 10;
	cents = (cents + f / 2) / f;
	return cents < 1 ? 1 : cents;
}

static char *put_date(struct gen *g, char *p, rl_date d)
{
	return put(p, g->iso[d - g->first_day], RL_DATE_ISO_LEN);
}

static char *put_money(struct gen *g, char *p, int64_t amount)
{
	int n = rl_money_format(p, 64, amount, g->cur, RL_LOCALE_C);

	return n > 0 ? p + n : p;
}

static void write_payment(struct gen *g, rl_date paid, int64_t amount, const char *cust,
			  size_t cust_len, const char *number, size_t number_len)
{
	char line[512];
	char *p = line;

	*p++ = 'P';
	p = put_padded(p, ++g->payment_seq, g->pay_width);
	*p++ = ',';
	p = put_date(g, p, paid);
	*p++ = ',';
	p = put_money(g, p, amount);
	*p++ = ',';
	p = put(p, g->cur->code, strlen(g->cur->code));
	*p++ = ',';
	p = put(p, cust, cust_len);
	*p++ = ',';
	p = put(p, number, number_len);
	p = put(p, ",VIR SEPA ", 10);
	p = put(p, number, number_len);
	*p++ = '\n';
	out_write(g->pay, line, (size_t)(p - line));
}

/* Decides whether and when an invoice is paid, and writes its payments: only
 * those dated on or before asof, never before the issue date. */
static void pay_invoice(struct gen *g, const struct traits *tr, rl_date issue, rl_date due,
			int term, int64_t amount, const char *cust, size_t cust_len,
			const char *number, size_t number_len)
{
	struct rng *r = &g->r;
	rl_date asof = g->opt->asof;
	unsigned fate = (unsigned)rng_below(r, 1000);
	rl_date paid;

	switch (tr->habit) {
	case HABIT_LATE:
		paid = due + (rl_date)rng_range(r, 30, 90);
		break;
	case HABIT_EARLY:
		paid = issue + (rl_date)rng_below(r, (uint64_t)term);
		break;
	default:
		paid = due + (rl_date)rng_range(r, -5, 25);
		break;
	}
	if (paid < issue)
		paid = issue;

	if (fate < FULLY_PAID_PM) {
		if (paid <= asof)
			write_payment(g, paid, amount, cust, cust_len, number, number_len);
	} else if (fate < FULLY_PAID_PM + PARTLY_PAID_PM) {
		int64_t part = amount * rng_range(r, 200, 800) / 1000;
		int64_t first = part;
		rl_date second = paid;

		if (part < 1)
			part = first = 1;
		if (part >= amount)
			return; /* an amount of one minor unit cannot be paid in part */
		if (part >= 2 && rng_chance(r, TWO_PAYMENTS_PM)) {
			first = part * rng_range(r, 300, 700) / 1000;
			if (first < 1)
				first = 1;
			second = paid + (rl_date)rng_range(r, 7, 45);
		}
		if (paid <= asof)
			write_payment(g, paid, first, cust, cust_len, number, number_len);
		if (first < part && second <= asof && paid <= asof)
			write_payment(g, second, part - first, cust, cust_len, number, number_len);
	}
}

static void write_invoice(struct gen *g, rl_date issue, int term, const char year[4], uint64_t seq)
{
	struct rng *r = &g->r;
	rl_date due = issue + term;
	struct traits tr;

	/* An invoice due far ahead was issued today with a longer term, never
	 * in the future: a ledger holds no invoice dated after its as-of day. */
	if (issue > g->opt->asof) {
		term += issue - g->opt->asof;
		issue = g->opt->asof;
	}
	uint64_t cust = pick_customer(g);
	int credit = rng_chance(r, CREDIT_NOTE_PM);
	char cid[24], number[32], line[512];
	size_t cid_len, number_len;
	char *p;
	int64_t amount;

	traits_of(g->opt->seed, cust, &tr);
	amount = to_minor(draw_cents(r, tr.consumer), g->cur->exponent);

	cid[0] = 'C';
	cid_len = (size_t)(put_padded(cid + 1, cust + 1, g->cust_width) - cid);
	p = number;
	*p++ = 'F';
	p = put(p, year, 4);
	*p++ = '-';
	p = put_padded(p, seq, g->inv_width);
	number_len = (size_t)(p - number);

	p = put(line, number, number_len);
	*p++ = ',';
	p = put(p, cid, cid_len);
	*p++ = ',';
	p = put_date(g, p, issue);
	*p++ = ',';
	p = put_date(g, p, due);
	*p++ = ',';
	p = put(p, g->cur->code, strlen(g->cur->code));
	*p++ = ',';
	p = put_money(g, p, credit ? -amount : amount);
	if (credit)
		p = put(p, ",credit_note\n", 13);
	else
		p = put(p, ",invoice\n", 9);
	out_write(g->inv, line, (size_t)(p - line));

	if (!credit)
		pay_invoice(g, &tr, issue, due, term, amount, cid, cid_len, number, number_len);
}

/* How many invoices fall on due day `day` (0-based from asof + DUE_FROM)
 * with term t: the n invoices are apportioned over the (day, term) cells in
 * proportion to their weights, so the counts add up to exactly n. */
static uint64_t cell_count(uint64_t n, int day, size_t t)
{
	uint64_t total = (uint64_t)(DUE_TO - DUE_FROM + 1) * 1000;
	uint64_t w0 = (uint64_t)day * 1000;

	for (size_t i = 0; i < t; i++)
		w0 += terms[i].share_pm;
	return n * (w0 + terms[t].share_pm) / total - n * w0 / total;
}

static void write_ledger(struct gen *g)
{
	const struct rl_gen_options *opt = g->opt;
	static const char inv_head[] =
		"invoice_number,customer_id,issue_date,due_date,currency,amount,type\n";
	static const char pay_head[] =
		"payment_id,paid_date,amount,currency,customer_id,invoice_number,reference\n";
	uint64_t n = (uint64_t)opt->invoices;
	uint64_t done = 0, seq = 0;
	char year[4] = { 0, 0, 0, 0 };

	out_write(g->inv, inv_head, sizeof(inv_head) - 1);
	out_write(g->pay, pay_head, sizeof(pay_head) - 1);
	for (rl_date issue = opt->asof + FIRST_DAY; issue <= opt->asof + DUE_TO - MIN_TERM;
	     issue++) {
		const char *iso = g->iso[issue - g->first_day];

		if (memcmp(year, iso, 4) != 0) {
			memcpy(year, iso, 4); /* numbering restarts each year */
			seq = 0;
		}
		for (size_t t = 0; t < NTERMS; t++) {
			rl_date due = issue + terms[t].days;
			uint64_t k;

			if (due < opt->asof + DUE_FROM || due > opt->asof + DUE_TO)
				continue;
			k = cell_count(n, due - (opt->asof + DUE_FROM), t);
			while (k--) {
				write_invoice(g, issue, terms[t].days, year, ++seq);
				if (++done % PROGRESS_EVERY == 0 && opt->progress)
					opt->progress(opt->progress_ctx, (long)done, (long)n);
			}
			if (g->inv->error || g->pay->error)
				return; /* reported by out_close */
		}
	}
	if (opt->progress && done % PROGRESS_EVERY != 0)
		opt->progress(opt->progress_ctx, (long)done, (long)n);
}

static void write_customers(const struct rl_gen_options *opt, int width, struct out *o)
{
	static const char head[] = "customer_id,name,kind,country,language,email,phone,address\n";
	struct customer cu;
	char line[LINE_CAP];

	out_write(o, head, sizeof(head) - 1);
	for (uint64_t i = 0; i < (uint64_t)opt->customers && !o->error; i++) {
		const struct country *c;
		const char *kind;
		char *p = line;

		make_customer(opt->seed, i, &cu);
		c = cu.tr.country;
		kind = cu.tr.consumer ? "consumer" : "business";
		*p++ = 'C';
		p = put_padded(p, i + 1, width);
		*p++ = ',';
		p = put_field(p, cu.name.s, cu.name.n);
		*p++ = ',';
		p = put(p, kind, strlen(kind));
		*p++ = ',';
		p = put(p, c->code, 2);
		*p++ = ',';
		p = put(p, c->language, 2);
		*p++ = ',';
		p = put_field(p, cu.email.s, cu.email.n);
		*p++ = ',';
		p = put_field(p, cu.phone.s, cu.phone.n);
		*p++ = ',';
		p = put_field(p, cu.address.s, cu.address.n);
		*p++ = '\n';
		out_write(o, line, (size_t)(p - line));
	}
}

static int check_options(const struct rl_gen_options *opt, const struct rl_currency **cur,
			 struct rl_err *err)
{
	const char *code;
	rl_date lo, hi;

	if (!opt)
		return rl_err_set(err, RL_EINVAL, "no generator options");
	if (opt->customers < 1)
		return rl_err_set(err, RL_EINVAL, "customers must be at least 1, not %ld",
				  opt->customers);
	if (opt->customers > MAX_COUNT)
		return rl_err_set(err, RL_EINVAL, "customers must be at most %ld, not %ld",
				  MAX_COUNT, opt->customers);
	if (opt->invoices < 0)
		return rl_err_set(err, RL_EINVAL, "invoices must not be negative, not %ld",
				  opt->invoices);
	if (opt->invoices > MAX_COUNT)
		return rl_err_set(err, RL_EINVAL, "invoices must be at most %ld, not %ld",
				  MAX_COUNT, opt->invoices);
	if (!opt->outdir || !opt->outdir[0])
		return rl_err_set(err, RL_EINVAL, "no output directory");
	code = opt->currency && opt->currency[0] ? opt->currency : "EUR";
	*cur = rl_currency_find(code, strlen(code));
	if (!*cur)
		return rl_err_set(err, RL_EINVAL, "unknown currency '%s'", code);
	if (rl_date_from_ymd(1, 1, 1, &lo) != 0 || rl_date_from_ymd(9999, 12, 31, &hi) != 0)
		return rl_err_set(err, RL_EINVAL, "calendar bounds unavailable");
	if (opt->asof < lo - FIRST_DAY || opt->asof > hi - DUE_TO)
		return rl_err_set(err, RL_EINVAL, "asof date out of range");
	return 0;
}

int rl_gen_write(const struct rl_gen_options *opt, struct rl_err *err)
{
	struct out cust_out, inv_out, pay_out;
	struct out *outs[3] = { &cust_out, &inv_out, &pay_out };
	const struct rl_currency *cur = NULL;
	struct gen *g = NULL;
	struct rng setup;
	int rc;

	memset(&cust_out, 0, sizeof(cust_out));
	memset(&inv_out, 0, sizeof(inv_out));
	memset(&pay_out, 0, sizeof(pay_out));
	rc = check_options(opt, &cur, err);
	if (rc)
		return rc;
	if (mkdir(opt->outdir, 0777) != 0 && errno != EEXIST)
		return rl_err_set(err, RL_EIO, "cannot create directory '%s': %s", opt->outdir,
				  strerror(errno));

	g = calloc(1, sizeof(*g));
	if (!g)
		return rl_err_set(err, RL_ENOMEM, "out of memory");
	g->opt = opt;
	g->cur = cur;
	g->ncustomers = (uint64_t)opt->customers;
	g->first_day = opt->asof + FIRST_DAY;
	for (int i = 0; i < NDAYS; i++)
		rl_date_format_iso(g->first_day + i, g->iso[i]);
	g->cust_width = max_int(6, digits((uint64_t)opt->customers));
	g->inv_width = max_int(7, digits((uint64_t)opt->invoices));
	g->pay_width = max_int(7, digits(2 * (uint64_t)opt->invoices));
	rng_seed(&setup, hash3(opt->seed, SALT_MAIN, 0));
	g->perm_a = 1 + rng_below(&setup, g->ncustomers);
	while (gcd(g->perm_a, g->ncustomers) != 1)
		g->perm_a = g->perm_a % g->ncustomers + 1;
	g->perm_b = rng_below(&setup, g->ncustomers);
	rng_seed(&g->r, hash3(opt->seed, SALT_MAIN, 1));

	rc = out_open(&cust_out, opt->outdir, "customers.csv", err);
	if (rc)
		goto out;
	write_customers(opt, g->cust_width, &cust_out);
	rc = out_close(&cust_out, err);
	if (rc)
		goto out;

	rc = out_open(&inv_out, opt->outdir, "invoices.csv", err);
	if (!rc)
		rc = out_open(&pay_out, opt->outdir, "payments.csv", err);
	if (rc)
		goto out;
	g->inv = &inv_out;
	g->pay = &pay_out;
	write_ledger(g);
	rc = out_close(&inv_out, err);
	if (!rc)
		rc = out_close(&pay_out, err);
	for (int i = 0; i < 3 && !rc; i++)
		rc = out_commit(outs[i], err);
out:
	for (int i = 0; i < 3; i++)
		out_discard(outs[i]);
	free(g);
	return rc;
}
