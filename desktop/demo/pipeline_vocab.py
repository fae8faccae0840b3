"""Word lists for the demo Sales Pipe: deal names, reasons, leads' needs, events."""

from __future__ import annotations

DEALS = (
    "Stretch film supply", "Pallet program", "Packaging refresh", "Warehouse consumables",
    "Carton standardisation", "Void fill switch", "Strapping contract", "Label printing rollout",
    "Safety gloves framework", "New site fit-out", "Annual supply agreement",
    "Eco packaging trial", "Shipping station upgrade", "Second warehouse supply",
)
NEXT_STEPS = (
    "Send revised quote", "Book a site survey", "Demo the pre-stretched film",
    "Call the buyer about volumes", "Meet the plant manager", "Send samples",
    "Confirm budget with the owner", "Review contract terms", "Present at the board meeting",
    "Agree delivery schedule",
)
COMPETITORS = ("Uline", "Veritiv", "Ranpak", "Sealed Air", "Local distributor", "Staples Business")
WON_REASONS = ("Best price for the volume", "Next-day delivery from Dallas",
               "Trial went well", "Existing relationship", "Bundle with pallets")
LOST_REASONS = ("Chose a competitor's offer", "No budget this year", "Project cancelled",
                "Went with the incumbent", "Lead times too long", "No decision before the quote "
                "expired")
NEEDS = (
    "Needs a quote for 40 pallets of stretch film a month.",
    "Looking to replace their box supplier before peak season.",
    "Asked about eco void fill for e-commerce orders.",
    "Wants tier pricing on tape and labels.",
    "New warehouse opening in spring; needs everything.",
    "Interested in gloves and safety consumables for two plants.",
    "Requested samples of pre-stretched film.",
    "Comparing strapping suppliers for a new line.",
)
DISQUALIFY = ("No budget", "Too small for us", "Outside our territory", "Duplicate inquiry",
              "Student project", "Competitor fishing for prices")
LEAD_TITLES = ("Purchasing Manager", "Owner", "Operations Manager", "Buyer",
               "Warehouse Supervisor", "Office Manager")
TRADE_SHOWS = ("PackExpo", "ProMat", "MODEX", "Pack & Ship Expo", "Food Plant Expo",
               "Warehouse & Logistics Fair")
SEMINARS = ("Packaging cost clinic", "Safer warehouses seminar", "Sustainable packaging forum",
            "Pallet management breakfast")
CAMPAIGNS = ("Reorder call campaign", "Dormant accounts call-back", "New catalogue call-out",
             "Peak season stock-up calls")
WEBINARS = ("Choosing stretch film: webinar", "Packaging for e-commerce: webinar")
# Where trade shows and seminars are held: (city, state).
CITIES = (("Chicago", "IL"), ("Las Vegas", "NV"), ("Atlanta", "GA"), ("Dallas", "TX"),
          ("Orlando", "FL"), ("Philadelphia", "PA"), ("Denver", "CO"), ("Columbus", "OH"),
          ("Albany", "NY"), ("Boston", "MA"), ("Seattle", "WA"), ("San Diego", "CA"),
          ("Nashville", "TN"), ("Minneapolis", "MN"), ("Phoenix", "AZ"), ("Charlotte", "NC"))
VENUES = ("Convention Center", "Expo Hall", "Marriott Conference Center", "Chamber of Commerce",
          "Hilton Garden Inn", "Civic Center")
TELEMARKETING_PLACE = "Inside sales desk"
