"""Exports as Salesforce and Sage CRM write them (their documented column names),
with the odd bytes real files have: a BOM, Windows-1252, quoted newlines, bad rows."""

from __future__ import annotations

SF_ACCOUNTS = (
    'Account Name,Account Owner,Type,Industry,Billing Street,Billing City,'
    'Billing State/Province,Billing Zip/Postal Code,Billing Country,Phone,Website,'
    'Account ID\r\n'
    'Acme Feed & Seed,Dana Rep,Customer - Direct,Agriculture,"12 Main St\r\nSuite 4",'
    'Urbana,IL,61801,United States,(217) 555-0100,www.acmefeed.example,0015g00000AbCdE\r\n'
    'Prairie Tractors,Dana Rep,Prospect,Machinery,400 Elm Ave,Champaign,IL,61820,USA,'
    '217-555-0101,,0015g00000AbCdF\r\n'
    ',Dana Rep,Prospect,Machinery,1 Nowhere Rd,Peoria,IL,61602,USA,,,0015g00000AbCdG\r\n'
    'Café Müller GmbH,Dana Rep,Channel Partner / Reseller,Food,Hauptstr. 5,Köln,NRW,'
    '50667,Germany,+49 221 1234567,cafe-mueller.example,0015g00000AbCdH\r\n'
    'Bad Phone Inc,Dana Rep,Customer,Retail,9 Oak St,Decatur,IL,62521,US,'
    'call me maybe,,0015g00000AbCdI\r\n'
    'Atlantis Trading,Dana Rep,Customer,Retail,1 Sea Rd,Atlantis,,00000,Atlantis,,,'
    '0015g00000AbCdJ\r\n'
)
SF_ACCOUNTS_BYTES = b"\xef\xbb\xbf" + SF_ACCOUNTS.encode("utf-8")  # Excel's "CSV UTF-8"
SF_ACCOUNTS_BAD = {5: "Name", 7: "Phone", 8: "country 'Atlantis'"}  # line -> reason part

SF_CONTACTS = (
    "First Name,Last Name,Title,Email,Phone,Mobile,Account Name,Account ID,Mailing Country\r\n"
    "Jane,Doe,Buyer,jane@acmefeed.example,(217) 555-0110,(217) 555-0111,,0015g00000AbCdE,US\r\n"
    "Jürgen,Weiß,Einkauf,j.weiss@cafe-mueller.example,0221 1234568,,Café Müller GmbH,,DE\r\n"
    "Bob,Nobody,,bob@example.com,,,Unknown Corp,,US\r\n"
    "Sam,Smith,Owner,not-an-email,,,Prairie Tractors,,US\r\n"
    "Ann,Lee,Manager,ann@prairie.example,,,Prairie Tractors,,US\r\n"
)
SF_CONTACTS_BYTES = SF_CONTACTS.encode("utf-8")
SF_CONTACTS_BAD = {4: "Unknown Corp", 5: "Email"}

SF_TASKS = (
    "Subject,Due Date,Type,Comments,Related To\r\n"
    'Call about spring order,11/30/2026,Call,"Wants 20 pallets.\r\nCall back Monday.",'
    "Acme Feed & Seed\r\n"
    "Demo visit,2026-12-02,Meeting,Brought the catalogue,Prairie Tractors\r\n"
    "Lost thread,someday,Email,,Acme Feed & Seed\r\n"
)
SF_TASKS_BAD = {5: "someday"}

# Sage CRM: semicolons and Windows-1252 (a German installation's export).
SAGE_COMPANIES = (
    "Comp_CompanyId;Comp_Name;Comp_Type;Comp_Sector;Comp_WebSite;Comp_PhoneNumber;"
    "Addr_Address1;Addr_Address2;Addr_City;Addr_State;Addr_PostCode;Addr_Country\r\n"
    "101;Bäckerei Schmidt;Customer;Food;www.baeckerei-schmidt.example;+49 30 1234567;"
    "Brotweg 1;Hinterhaus;Berlin;BE;10115;DE\r\n"
    "102;Müller & Söhne KG;Supplier;Machinery;;+49 89 7654321;Am Anger 3;;München;BY;"
    "80331;Deutschland\r\n"
    "103;Too;Many;Fields;x;y;z;1;2;3;4;5;6;7\r\n"
    "104;Straße AG;Prospect;Retail;;0049 40 555;Ufer 9;;Hamburg;HH;20095;DE\r\n"
)
SAGE_COMPANIES_BYTES = SAGE_COMPANIES.encode("cp1252")
SAGE_COMPANIES_BAD = {4: "fields where the header has"}

SAGE_PEOPLE = (
    "Pers_PersonId;Pers_FirstName;Pers_LastName;Pers_Title;Pers_EmailAddress;"
    "Pers_PhoneNumber;Pers_CompanyId;Comp_Name\r\n"
    "201;Grete;Schmidt;Inhaberin;grete@baeckerei-schmidt.example;030 1234560;101;\r\n"
    "202;Otto;Müller;Einkäufer;otto@mueller.example;089 7654320;102;\r\n"
    "203;;Ohnename;;;;104;\r\n"
)
SAGE_PEOPLE_BYTES = SAGE_PEOPLE.encode("cp1252")
SAGE_PEOPLE_BAD = {4: "First name"}

SAGE_COMMUNICATIONS = (
    "Comm_Action;Comm_DateTime;Comm_Subject;Comm_Note;CmLi_Comm_CompanyId\r\n"
    "PhoneOut;2026-11-28 10:15:00;Nachbestellung;Braucht Mehl;101\r\n"
    "Meeting;2026-12-01 14:00:00;Jahresgespräch;;102\r\n"
    "EmailIn;2026-12-03 09:00:00;;Leerer Betreff;101\r\n"
)
SAGE_COMMUNICATIONS_BYTES = SAGE_COMMUNICATIONS.encode("cp1252")
SAGE_COMMUNICATIONS_BAD = {4: "Subject"}

SF_OPPORTUNITIES = (
    "Opportunity Name,Account Name,Amount,Close Date,Stage,Probability (%),Opportunity ID\r\n"
    'Spring seed order,Acme Feed & Seed,"$12,500.00",3/31/2027,Proposal/Price Quote,60,'
    "0065g001\r\n"
    "Tractor fleet,Prairie Tractors,98000,2027-06-30,Closed Won,100,0065g002\r\n"
    "No date deal,Prairie Tractors,100,,Prospecting,10,0065g003\r\n"
    "Mystery,Nobody Inc,5,2027-01-01,Prospecting,10,0065g004\r\n"
)
SF_OPPORTUNITIES_BAD = {4: "close date", 5: "Nobody Inc"}

SAGE_OPPORTUNITIES = (
    "Oppo_OpportunityId;Oppo_Description;Oppo_PrimaryCompanyId;Oppo_Stage;Oppo_Forecast;"
    "Oppo_Certainty;Oppo_TargetClose\r\n"
    "301;Ofen für Filiale 2;101;Negotiating;4500,00;75;2027-02-15\r\n"
)
