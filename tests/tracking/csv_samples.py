"""CodeCarbon CSV headers and rows in the three layouts, as CodeCarbon wrote them.

The 3.x header and row come from a CodeCarbon 3.3.2 run on this project's VM; the
2.x header is the 31-column one of CodeCarbon 2.x files uploaded to the Hub; 1.x is
the 12-column layout of the first releases.
"""

from __future__ import annotations

HEADER_1X = (
    "timestamp,experiment_id,project_name,duration,emissions,energy_consumed,"
    "country_name,country_iso_code,region,on_cloud,cloud_provider,cloud_region"
)
HEADER_2X = (
    "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,"
    "cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,"
    "cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,"
    "latitude,ram_total_size,tracking_mode,on_cloud,pue"
)
HEADER_3X = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
    "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,"
    "region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,"
    "gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,"
    "ram_utilization_percent,ram_used_gb,on_cloud,pue,wue"
)

ROW_1X = "2021-09-01T10:00:00,exp-1,bert,3600.5,0.512,1.2,France,FRA,,N,,"
ROW_2X = (
    "2023-03-01T12:00:00,codecarbon,7b3c2f9e-1111-4a2b-9c3d-000000000001,7200.0,1.5,0.000208,42.5,250.0,11.7,"
    "0.085,2.2,0.0234,2.3084,Germany,DEU,,,,Linux-5.15,3.10.12,2.1.4,32,AMD EPYC 7763 64-Core Processor,2,"
    "2 x NVIDIA A100-SXM4-40GB,,,251.5,machine,N,1.0"
)
ROW_3X = (
    "2026-11-29T09:17:08,x,76507644-89d8-47ab-96ba-00a29e5af4ee,5b0fa12a-3dd7-45bb-9766-cc326314d9f1,"
    "2.0078469149998455,6.75285514575728e-07,3.363232074770899e-07,1.5693609097657089,0.0,20.0,"
    "1.0850873120907104e-06,0.0,1.0965190433331726e-05,1.2050277745422437e-05,0.0,France,FRA,,,,"
    "Linux-6.18.44-fc-v669-x86_64-with-glibc2.36,3.11.7,3.3.2,2,AMD EPYC,0,,,,23.540576934814453,machine,"
    "50.0,0,1.7,0.3913688659667969,N,1.0,0.0"
)
# CodeCarbon's online tracker, unable to locate the machine (a row shape seen on the Hub).
ROW_2X_FALLBACK = (
    "2022-06-01T08:00:00,codecarbon,aaaaaaaa-2222-4a2b-9c3d-000000000002,600.0,0.0021,0.0000035,42.5,0.0,3.0,"
    "0.007,0.0,0.0005,0.0075,Canada,CAN,quebec,,,Linux,3.8.10,2.1.4,8,Intel(R) Xeon(R) CPU @ 2.20GHz,0,"
    ",-71.2,46.8,12.7,machine,N,1.0"
)


def csv_text(header: str, *rows: str) -> str:
    return header + "\n" + "\n".join(rows) + "\n"
