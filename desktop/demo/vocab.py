"""Word lists the demo book is made from."""

from __future__ import annotations

# Accents and other scripts, drawn for a few percent of contacts.
FIRST_NAMES_INTL = ("Zoë", "José", "Renée", "Søren", "Łukasz", "Σοφία", "Дмитрий", "François",
                    "Agnieszka", "Jürgen", "Noémie", "Νίκος", "Ольга")
LAST_NAMES_INTL = ("Müller", "Novák", "Ivanova", "Παπαδόπουλος", "Сергеев", "Łukaszewicz",
                   "Dvořák", "Gómez", "Bergström", "Øvergaard", "Karagiannis", "Смирнова")
ACCOUNT_NOTES = (
    "Receiving dock closes at 3 pm; deliveries before noon preferred.",
    "Owner prefers calls to email. Ask for the purchasing manager first.",
    "Budget cycle starts in October; quotes needed by mid-September.",
    "Uses a competitor for consumables; we supply equipment only.",
    "Multi-site: invoices go to head office, goods to each branch.",
    "Net-30 terms approved; credit limit reviewed yearly.",
)

COMPANY_FIRST = (
    "Keller", "Bayside", "Northwind", "Summit", "Harbor", "Granite", "Prairie", "Cedar",
    "Redwood", "Lakeshore", "Pioneer", "Liberty", "Meridian", "Blue Ridge", "Ironwood",
    "Silverline", "Evergreen", "Crescent", "Frontier", "Heritage", "Keystone", "Magnolia",
    "Oakmont", "Riverbend", "Sterling", "Tri-County", "Valley", "Westfield", "Atlas", "Beacon",
    "Canyon", "Delta", "Falcon", "Golden State", "Highland", "Juniper", "Lone Star",
    "Midwest", "Nordic", "Orchard", "Pinnacle", "Quarry", "Sandhill", "Timberline",
    "Union", "Vantage", "Willow Creek", "Yellowstone", "Müller", "Løvås", "Peña",
)
COMPANY_LAST = (
    "Industrial Supply", "Dental Group", "Logistics", "Foods", "Manufacturing",
    "Medical Center", "Builders", "Hardware", "Packaging", "Auto Parts", "Electric",
    "Farm Supply", "Distributors", "Veterinary Clinic", "Brewing Co.", "Plastics",
    "Machine Works", "Office Solutions", "Health Partners", "Restaurant Group",
    "Cold Storage", "Printing", "Landscaping", "HVAC Services", "Labs", "Pharmacy",
    "Home Care", "Marine", "Steel", "Textiles",
)
SUFFIXES = ("", "", "", " Inc.", " LLC", " Co.", " Corp.", " & Sons", " Group")
INDUSTRIES = {
    "Industrial Supply": "Industrial", "Dental Group": "Healthcare", "Logistics": "Logistics",
    "Foods": "Food & Beverage", "Manufacturing": "Manufacturing",
    "Medical Center": "Healthcare", "Builders": "Construction", "Hardware": "Retail",
    "Packaging": "Manufacturing", "Auto Parts": "Automotive", "Electric": "Utilities",
    "Farm Supply": "Agriculture", "Distributors": "Wholesale",
    "Veterinary Clinic": "Healthcare", "Brewing Co.": "Food & Beverage",
    "Plastics": "Manufacturing", "Machine Works": "Industrial",
    "Office Solutions": "Business Services", "Health Partners": "Healthcare",
    "Restaurant Group": "Hospitality", "Cold Storage": "Logistics", "Printing": "Media",
    "Landscaping": "Services", "HVAC Services": "Construction", "Labs": "Life Sciences",
    "Pharmacy": "Healthcare", "Home Care": "Healthcare", "Marine": "Transportation",
    "Steel": "Industrial", "Textiles": "Manufacturing",
}
SEGMENTS = ("Enterprise", "Mid-market", "Small business", "Public sector", "Key account")
STREETS = ("Commerce Dr", "Main St", "Industrial Pkwy", "Oak Ave", "Market St", "Elm St",
           "Harbor Blvd", "Park Rd", "Center St", "Lakeview Dr", "Airport Rd", "Mill Rd",
           "Washington Ave", "2nd St", "Highland Ave", "Enterprise Way", "Route 9")
FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Carlos", "Maria", "Wei", "Mei", "Priya", "Rahul", "Aisha", "Omar", "Kenji",
    "Yuki", "Olga", "Ivan", "Anna", "Daniel", "Laura", "Kevin", "Emily", "Brian", "Megan",
    "Jason", "Rachel",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Chen", "Patel", "Nguyen", "Kim",
    "O'Brien", "Kowalski", "Schmidt", "Rossi",
    "Dubois", "Andersson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill",
)
TITLES = ("Purchasing Manager", "Owner", "Operations Director", "Office Manager",
          "Procurement Specialist", "Plant Manager", "CFO", "Buyer", "Facilities Manager",
          "Practice Manager", "Head of Supply Chain", "Accounts Payable Clerk", "IT Manager")
AREA_CODES = ("201", "212", "213", "214", "303", "305", "312", "313", "404", "415", "512",
              "602", "615", "617", "702", "713", "720", "773", "801", "816", "919", "971")
TAGS = ("VIP", "net-30", "reorder", "seasonal", "trade-show", "referral", "price-sensitive",
        "multi-site", "new-account", "co-op")

SUBJECTS = {
    "phone": ("Quarterly check-in call", "Pricing question", "Reorder call", "Delivery follow-up",
              "Intro call", "Service issue call", "Renewal discussion"),
    "email": ("Sent price list", "Quote follow-up", "Order confirmation", "Product brochure",
              "Invoice question", "Meeting recap"),
    "chat": ("Chat: stock availability", "Chat: order status", "Chat: catalogue question"),
    "fax": ("Faxed signed order form", "Faxed credit application"),
    "web": ("Web inquiry: product sample", "Web inquiry: bulk pricing", "Contact form request"),
    "visit": ("On-site visit", "Quarterly business review", "Product demo on site",
              "Site survey", "Drop-in with samples"),
    "meeting": ("Planning meeting", "Budget review meeting", "Trade show meeting",
                "Contract negotiation"),
    "note": ("Note: account background", "Note: competitor activity", "Note: org change"),
}
NOTE_OPENERS = (
    "Discussed", "Walked through", "Reviewed", "Talked about", "Followed up on", "Clarified",
)
NOTE_TOPICS = (
    "next quarter's volumes", "pallet pricing", "delivery windows", "the new catalogue",
    "payment terms", "a competitor's offer", "the open quote", "sample results",
    "reorder quantities", "the service contract", "warehouse expansion plans",
    "the backorder on item 4410", "freight costs", "the rebate program",
)
NOTE_CLOSERS = (
    "Customer wants a revised quote.", "They will decide by month end.",
    "Positive overall.", "Needs sign-off from the owner.", "Asked for references.",
    "Budget is tight this year.", "Interested in the premium line.", "No action needed.",
    "Send samples next week.", "Concerned about lead times.",
)
OUTCOMES = ("Quote requested", "Order placed", "Meeting booked", "Left voicemail",
            "No decision yet", "Information sent", "Not interested", "Follow-up scheduled",
            "Issue resolved", "")
FOLLOW_UPS = ("Send revised quote", "Call back about pricing", "Email product sheet",
              "Confirm delivery date", "Schedule site visit", "Check on sample feedback",
              "Prepare renewal proposal", "Introduce service manager")
CONCERNS = ("Late delivery", "Damaged goods on arrival", "Invoice discrepancy",
            "Price increase too steep", "Slow response from support", "Wrong item shipped",
            "Backorder delays")
RESOLUTIONS = ("Credit note issued", "Replacement shipped", "Explained new pricing tier",
               "Escalated to logistics; fixed", "Discount applied on next order")
